import { useEffect, useState } from 'react';
import { get } from '../api/client';
import type { Tenant } from '../api/model';
import { role, type Session } from '../api/session';

/**
 * The workspace the session is signed in to (its name and plan), or null until it is known, when it cannot be read,
 * and for a platform operator, who has no workspace of their own. One address may belong to several workspaces,
 * so the app names the one in use.
 */
export function useWorkspace(session: Session): Tenant | null {
  const [workspace, setWorkspace] = useState<Tenant | null>(null);
  const operator = role(session) === 'platform-admin';
  const tenantId = session.claims.tenant_id;
  useEffect(() => {
    setWorkspace(null);
    if (operator) return;
    let current = true;
    get<Tenant>('/api/v1/tenant')
      .then((t) => current && setWorkspace(t))
      .catch(() => current && setWorkspace(null));
    return () => {
      current = false;
    };
  }, [tenantId, operator]);
  return workspace;
}
