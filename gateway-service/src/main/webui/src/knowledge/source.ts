import type { DocumentItem } from '../api/model';

/** The connector types' names as the Connectors page shows them. */
const TITLES: Record<string, string> = {
  s3: 'S3',
  web: 'Web',
  confluence: 'Confluence',
  'google-drive': 'Google Drive',
  sharepoint: 'SharePoint',
};

/**
 * Where a document came from when a connector brought it: the type's name and the item's link (only an http(s)
 * address, so a source can never put a script URL in the page). Uploads answer null.
 */
export function connectorSource(d: DocumentItem): { title: string; url?: string } | null {
  const s = (d.source ?? {}) as Record<string, unknown>;
  const type = typeof s.type === 'string' ? s.type : 'upload';
  if (type === 'upload') return null;
  const url = typeof s.url === 'string' && /^https?:\/\//i.test(s.url) ? s.url : undefined;
  return { title: TITLES[type] ?? type, url };
}
