/** The platform's password length (tenant-service PasswordPolicy, which also refuses common passwords and the address). */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 1024;

/** Why a new password is refused, or null when it passes the rules. */
export function passwordProblem(p: string): string | null {
  if (p.length < PASSWORD_MIN) return `The password needs at least ${PASSWORD_MIN} characters.`;
  if (p.length > PASSWORD_MAX) return `The password may have at most ${PASSWORD_MAX} characters.`;
  return null;
}
