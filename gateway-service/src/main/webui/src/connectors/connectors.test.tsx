import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sessionAs, stubFetch } from '../test/fixtures';
import { ConnectorsPage } from './ConnectorsPage';
import { fieldsOf, inFormWords, valuesOf } from './schemaForm';
import type { JsonSchema } from './types';

const s3: JsonSchema = {
  type: 'object',
  properties: {
    config: {
      type: 'object',
      required: ['region', 'bucket'],
      properties: {
        region: { type: 'string', description: 'Region, e.g. eu-west-1' },
        bucket: { type: 'string', description: 'Bucket name' },
        pathStyle: { type: 'boolean', description: 'Path-style addressing' },
        maxPages: { type: 'integer', description: 'Pages at most' },
        includePaths: { type: 'array', items: { type: 'string' } },
      },
    },
    credentials: {
      type: 'object',
      required: ['accessKeyId', 'secretAccessKey'],
      properties: {
        accessKeyId: { type: 'string', description: 'Access key id' },
        secretAccessKey: { type: 'string', description: 'Secret access key', writeOnly: true },
      },
    },
  },
};

const connector = {
  id: 'c-1',
  type: 's3',
  name: 'Handbook bucket',
  knowledgeBaseId: 'kb-1',
  config: {},
  hasCredentials: true,
  paused: false,
  flagged: false,
  consecutiveFailures: 0,
  createdAt: '2026-12-05T10:00:00Z',
  lastRun: {
    id: 'r-1',
    connectorId: 'c-1',
    status: 'COMPLETED_WITH_ERRORS',
    trigger: 'manual',
    full: false,
    queuedAt: '2026-12-05T10:00:00Z',
    counts: { seen: 50, added: 49, updated: 0, deleted: 0, failed: 1 },
  },
};

afterEach(() => vi.unstubAllGlobals());

describe('the connector form from a type schema', () => {
  it('asks for each field with the right input, secrets as passwords', () => {
    const f = fieldsOf(s3);
    const by = (n: string) => f.find((x) => x.name === n)!;
    expect(by('region')).toMatchObject({ group: 'config', kind: 'text', required: true, label: 'Region, e.g. eu-west-1' });
    expect(by('pathStyle').kind).toBe('boolean');
    expect(by('maxPages').kind).toBe('number');
    expect(by('includePaths').kind).toBe('list');
    expect(by('accessKeyId').kind).toBe('text');
    expect(by('secretAccessKey')).toMatchObject({ group: 'credentials', kind: 'secret', required: true });
  });

  it('sends typed values and leaves empty optional ones out', () => {
    const f = fieldsOf(s3);
    const v = valuesOf(f, {
      'config.region': 'eu-west-1',
      'config.bucket': 'docs',
      'config.maxPages': '20',
      'config.includePaths': '/a, /b,',
      'config.pathStyle': '',
      'credentials.accessKeyId': 'AK',
      'credentials.secretAccessKey': 'SK',
    });
    expect(v).toEqual({
      config: { region: 'eu-west-1', bucket: 'docs', maxPages: 20, includePaths: ['/a', '/b'] },
      credentials: { accessKeyId: 'AK', secretAccessKey: 'SK' },
    });
  });
});

describe('the connector form in a user\'s words', () => {
  it('names a refused field by its label, not by the request\'s path', () => {
    const f = fieldsOf(s3);
    expect(inFormWords('config.bucket is not a bucket name', f)).toBe('“Bucket name” is not a bucket name');
    expect(inFormWords('credentials.accessKeyId is required', f)).toBe('“Access key id” is required');
    expect(inFormWords('config.unknown is not accepted', f)).toBe('config.unknown is not accepted');
  });

  it('starts a checkbox ticked when its default is true, and offers no credentials note without credentials', async () => {
    const web: JsonSchema = {
      type: 'object',
      properties: {
        config: {
          type: 'object',
          required: ['startUrl'],
          properties: {
            startUrl: { type: 'string', title: 'Where the crawl starts' },
            attachments: { type: 'boolean', title: 'Also sync attachments', default: true },
          },
        },
        credentials: { type: 'object', properties: {} },
      },
    };
    stubFetch({
      '/api/v1/connector-types': { items: [{ type: 'web', name: 'Web site', capabilities: {}, schema: web }] },
      '/api/v1/connectors': { items: [], nextCursor: null },
      '/api/v1/knowledge-bases': { items: [{ id: 'kb-1', name: 'Handbook' }] },
    });
    render(<ConnectorsPage session={sessionAs('owner')} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Add connector' }));
    expect((screen.getByLabelText('Also sync attachments') as HTMLInputElement).checked).toBe(true);
    expect(screen.queryByText(/Credentials are stored encrypted/)).toBeNull();
  });
});

describe('the connectors page', () => {
  const routes = {
    '/api/v1/connector-types': { items: [{ type: 's3', name: 'Amazon S3', capabilities: {}, schema: s3 }] },
    '/api/v1/connectors/c-1/sync': { runId: 'r-2' },
    '/api/v1/connectors/c-1/runs': { items: [connector.lastRun] },
    '/api/v1/connectors': { items: [connector], nextCursor: null },
    '/api/v1/knowledge-bases': { items: [{ id: 'kb-1', name: 'Handbook' }] },
  };

  it('lists connectors with their last run, and lets an admin sync one now', async () => {
    const fetch = stubFetch(routes);
    render(<ConnectorsPage session={sessionAs('admin')} />);
    expect(await screen.findByText('Handbook bucket')).toBeTruthy();
    expect(screen.getByText('COMPLETED_WITH_ERRORS')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Sync now' }));
    await waitFor(() =>
      expect(fetch.mock.calls.some((c) => String(c[0]) === '/api/v1/connectors/c-1/sync')).toBe(true),
    );
  });

  it('adds a connector from the generated form', async () => {
    const fetch = stubFetch(routes);
    render(<ConnectorsPage session={sessionAs('owner')} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Add connector' }));
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Docs' } });
    await screen.findByRole('option', { name: 'Handbook' });
    fireEvent.change(screen.getByLabelText(/Region/), { target: { value: 'eu-west-1' } });
    fireEvent.change(screen.getByLabelText(/Bucket name/), { target: { value: 'docs' } });
    fireEvent.change(screen.getByLabelText(/Access key id/), { target: { value: 'AK' } });
    const secret = screen.getByLabelText(/Secret access key/) as HTMLInputElement;
    expect(secret.type).toBe('password');
    fireEvent.change(secret, { target: { value: 'SK' } });
    // the dialog's submit (the page's own "Add connector" opened it)
    const buttons = screen.getAllByRole('button', { name: 'Add connector' });
    fireEvent.click(buttons[buttons.length - 1]);
    const created = () =>
      (fetch.mock.calls as unknown as [string, RequestInit | undefined][]).find(
        (c) => c[0] === '/api/v1/connectors' && c[1]?.method === 'POST',
      );
    await waitFor(() => expect(created()).toBeTruthy());
    expect(JSON.parse(String(created()![1]!.body))).toMatchObject({
      type: 's3',
      name: 'Docs',
      knowledgeBaseId: 'kb-1',
      config: { region: 'eu-west-1', bucket: 'docs' },
      credentials: { accessKeyId: 'AK', secretAccessKey: 'SK' },
    });
  });

  it('says "on demand" for a connector without an interval, not "every null min"', async () => {
    stubFetch({ ...routes, '/api/v1/connectors': { items: [{ ...connector, schedule: { intervalMinutes: null } }], nextCursor: null } });
    render(<ConnectorsPage session={sessionAs('admin')} />);
    expect(await screen.findByText('on demand')).toBeTruthy();
    expect(screen.queryByText(/null/)).toBeNull();
  });

  it('shows members the connectors without the controls', async () => {
    stubFetch(routes);
    render(<ConnectorsPage session={sessionAs('member')} />);
    expect(await screen.findByText('Handbook bucket')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Add connector' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Sync now' })).toBeNull();
  });
});
