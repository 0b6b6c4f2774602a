import { useEffect, useState } from 'react';
import { get, post } from '../api/client';
import type { KnowledgeBase, Page } from '../api/model';
import { FormDialog } from '../ui/FormDialog';
import { SCOPES, type ApiKey } from './types';

const toggle = (list: string[], v: string, on: boolean) => (on ? [...list, v] : list.filter((x) => x !== v));

/** Creates an API key with its scopes, optionally limited to some knowledge bases. */
export function CreateKeyDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (k: ApiKey) => void }) {
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['read', 'search', 'chat']);
  const [kbs, setKbs] = useState<KnowledgeBase[]>([]);
  const [kbIds, setKbIds] = useState<string[]>([]);
  useEffect(() => {
    get<Page<KnowledgeBase>>('/api/v1/knowledge-bases?limit=200')
      .then((p) => setKbs(p.items))
      .catch(() => setKbs([]));
  }, []);
  return (
    <FormDialog
      title="Create API key"
      submitLabel="Create"
      submitDisabled={!scopes.length}
      onClose={onClose}
      onSubmit={() =>
        post<ApiKey>('/api/v1/api-keys', {
          name: name.trim(),
          scopes,
          knowledgeBaseIds: kbIds.length ? kbIds : undefined,
        }).then(onCreated)
      }
    >
      <label>
        Name
        <input name="keyName" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <fieldset>
        <legend>Scopes</legend>
        {SCOPES.map((s) => (
          <label key={s} className="check">
            <input type="checkbox" checked={scopes.includes(s)} onChange={(e) => setScopes(toggle(scopes, s, e.target.checked))} />
            {s}
          </label>
        ))}
      </fieldset>
      {kbs.length > 0 && (
        <fieldset>
          <legend>Knowledge bases (none checked: all)</legend>
          {kbs.map((k) => (
            <label key={k.id} className="check">
              <input type="checkbox" checked={kbIds.includes(k.id)} onChange={(e) => setKbIds(toggle(kbIds, k.id, e.target.checked))} />
              {k.name}
            </label>
          ))}
        </fieldset>
      )}
    </FormDialog>
  );
}
