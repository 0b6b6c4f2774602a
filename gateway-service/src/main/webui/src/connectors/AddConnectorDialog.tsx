import { useEffect, useMemo, useState } from 'react';
import { ApiError, get, post, type Page } from '../api/client';
import type { KnowledgeBase } from '../api/model';
import { NamedOptions } from '../ui/Field';
import { FormDialog } from '../ui/FormDialog';
import { fieldsOf, inFormWords, valuesOf } from './schemaForm';
import type { Connector, ConnectorType } from './types';

/** Adds a connector: its type, name and knowledge base, then a form generated from the type's JSON Schema. */
export function AddConnectorDialog(props: { types: ConnectorType[]; onClose: () => void; onAdded: (c: Connector) => void }) {
  const { types, onClose, onAdded } = props;
  const [type, setType] = useState(types[0]?.type ?? '');
  const [name, setName] = useState('');
  const [kbs, setKbs] = useState<KnowledgeBase[]>([]);
  const [kb, setKb] = useState('');
  const [every, setEvery] = useState('');
  const [values, setValues] = useState<Record<string, string | boolean>>({});
  useEffect(() => {
    get<Page<KnowledgeBase>>('/api/v1/knowledge-bases?limit=200')
      .then((p) => {
        setKbs(p.items);
        setKb((k) => k || p.items[0]?.id || '');
      })
      .catch(() => setKbs([]));
  }, []);
  const chosen = types.find((t) => t.type === type);
  const fields = useMemo(() => (chosen ? fieldsOf(chosen.schema) : []), [chosen]);
  const set = (key: string, v: string | boolean) => setValues((old) => ({ ...old, [key]: v }));
  return (
    <FormDialog
      title="Add a connector"
      submitLabel="Add connector"
      onClose={onClose}
      submitDisabled={!type || !name.trim() || !kb}
      onSubmit={() =>
        post<Connector>('/api/v1/connectors', {
          type,
          name: name.trim(),
          knowledgeBaseId: kb,
          ...valuesOf(fields, values),
          ...(every ? { schedule: { intervalMinutes: Number(every) } } : {}),
        })
          .then(onAdded)
          .catch((e: unknown) => {
            throw e instanceof ApiError
              ? new ApiError(e.status, e.code, inFormWords(e.message, fields), e.retryAfterSeconds, e.requestId)
              : e;
          })
      }
    >
      <label>
        Type
        <select
          value={type}
          onChange={(e) => {
            setType(e.target.value);
            setValues({});
          }}
        >
          <NamedOptions items={types.map((t) => ({ id: t.type, name: t.name }))} />
        </select>
      </label>
      <label>
        Name
        <input required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        Knowledge base
        <select value={kb} onChange={(e) => setKb(e.target.value)} required>
          <NamedOptions items={kbs} />
        </select>
      </label>
      {fields.map((f) => {
        const key = `${f.group}.${f.name}`;
        if (f.kind === 'boolean')
          return (
            <label key={key} className="check">
              <input
                type="checkbox"
                checked={key in values ? values[key] === true : f.defaultValue === true}
                onChange={(e) => set(key, e.target.checked)}
              />{' '}
              {f.label}
            </label>
          );
        return (
          <label key={key}>
            {f.label}
            {f.kind === 'list' ? ` (${f.required ? '' : 'optional, '}separated by commas)` : f.required ? '' : ' (optional)'}
            <input
              name={key}
              type={f.kind === 'secret' ? 'password' : f.kind === 'number' ? 'number' : 'text'}
              autoComplete={f.kind === 'secret' ? 'new-password' : 'off'}
              required={f.required}
              value={String(values[key] ?? '')}
              onChange={(e) => set(key, e.target.value)}
            />
          </label>
        );
      })}
      <label>
        Sync every (minutes, optional; 5–10080)
        <input type="number" min={5} max={10080} value={every} onChange={(e) => setEvery(e.target.value)} />
      </label>
      {fields.some((f) => f.group === 'credentials') && (
        <p className="muted">Credentials are stored encrypted and never shown again.</p>
      )}
    </FormDialog>
  );
}
