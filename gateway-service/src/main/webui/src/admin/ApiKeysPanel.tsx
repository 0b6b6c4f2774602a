import { useCallback, useEffect, useState } from 'react';
import { del, get } from '../api/client';
import type { Page } from '../api/types';
import { ErrorNote } from '../ui/Dialog';
import { useAction } from '../ui/useAction';
import { useConfirm } from '../ui/useConfirm';
import { CreateKeyDialog } from './CreateKeyDialog';
import { SecretDialog } from './SecretDialog';
import type { ApiKey } from './types';

/** The workspace's API keys: create one (its secret shown once), revoke one. */
export function ApiKeysPanel() {
  const [keys, setKeys] = useState<ApiKey[]>([]);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<ApiKey | null>(null);
  const { error, run } = useAction();
  const { confirm, dialog } = useConfirm();
  const load = useCallback(() => run(get<Page<ApiKey>>('/api/v1/api-keys?limit=200').then((p) => setKeys(p.items))), [run]);
  useEffect(() => {
    void load();
  }, [load]);
  const revoke = (k: ApiKey) =>
    confirm({
      title: 'Revoke API key',
      message: <>Revoke “{k.name}”? Callers using it are refused within seconds.</>,
      confirmLabel: 'Revoke',
      onConfirm: () => run(del(`/api/v1/api-keys/${k.id}`).then(() => void load())),
    });
  return (
    <section aria-label="API keys">
      <ErrorNote error={error} />
      <button type="button" className="primary" onClick={() => setCreating(true)}>
        Create API key
      </button>
      <div className="table-wrap">
        <table className="keys">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Key</th>
              <th scope="col">Scopes</th>
              <th scope="col">Last used</th>
              <th scope="col">Status</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id} data-key={k.id}>
                <td>{k.name}</td>
                <td>
                  <code>{k.prefix}…</code>
                </td>
                <td>{(k.scopes ?? []).join(', ')}</td>
                <td>{k.lastUsedAt ? new Date(k.lastUsedAt).toLocaleString() : 'never'}</td>
                <td>{k.revokedAt ? 'revoked' : 'active'}</td>
                <td>
                  {!k.revokedAt && (
                    <button type="button" className="danger" onClick={() => revoke(k)}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
            {!keys.length && (
              <tr>
                <td colSpan={6} className="muted">
                  No API keys.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {creating && (
        <CreateKeyDialog
          onClose={() => setCreating(false)}
          onCreated={(k) => {
            setCreating(false);
            setCreated(k);
            void load();
          }}
        />
      )}
      {created && (
        <SecretDialog
          title="API key created"
          secret={created.secret ?? ''}
          testId="api-key-secret"
          copyable
          onClose={() => setCreated(null)}
        >
          Copy the secret now: it is shown only once and stored hashed.
        </SecretDialog>
      )}
      {dialog}
    </section>
  );
}
