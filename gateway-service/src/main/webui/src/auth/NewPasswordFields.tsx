import { useState } from 'react';
import { Field } from '../ui/Field';
import { PASSWORD_MAX, PASSWORD_MIN, passwordProblem } from './password';

/** Why a new password entered twice is refused before any request (the rules, then the repeat), or null. */
export function newPasswordProblem(password: string, repeat: string): string | null {
  return passwordProblem(password) ?? (password !== repeat ? 'The two passwords differ.' : null);
}

/** The state of a new password entered twice: the fields' props, its problem and a reset. */
export function useNewPassword() {
  const [password, onPassword] = useState('');
  const [repeat, onRepeat] = useState('');
  return {
    fields: { password, onPassword, repeat, onRepeat },
    problem: () => newPasswordProblem(password, repeat),
    reset: () => {
      onPassword('');
      onRepeat('');
    },
  };
}

/** A new password, its repeat and the rules under them: an invitation's and the account page's, one way. */
export function NewPasswordFields(props: {
  label: string;
  password: string;
  onPassword: (v: string) => void;
  repeat: string;
  onRepeat: (v: string) => void;
  rulesId: string;
  rules?: string;
}) {
  const { label, password, onPassword, repeat, onRepeat, rulesId, rules } = props;
  return (
    <>
      <Field
        label={label}
        type="password"
        name="password"
        required
        minLength={PASSWORD_MIN}
        maxLength={PASSWORD_MAX}
        value={password}
        onValue={onPassword}
        autoComplete="new-password"
        aria-describedby={rulesId}
      />
      <Field
        label="Repeat the password"
        type="password"
        name="repeat"
        required
        value={repeat}
        onValue={onRepeat}
        autoComplete="new-password"
      />
      <p id={rulesId} className="muted hint">
        At least {PASSWORD_MIN} characters, not a common password.{rules ? ` ${rules}` : ''}
      </p>
    </>
  );
}
