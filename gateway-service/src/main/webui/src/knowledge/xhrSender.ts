import { ApiError, refresh } from '../api/client';
import { getSession } from '../api/session';
import type { Sender } from './uploadQueue';

function once(item: Parameters<Sender>[0], onProgress: Parameters<Sender>[1]) {
  return new Promise<{ status: number; body: any; retryAfter?: string | null }>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/knowledge-bases/${item.kbId}/documents`);
    const token = getSession()?.token;
    if (token) xhr.setRequestHeader('Authorization', 'Bearer ' + token);
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : item.total);
    xhr.onload = () => {
      let body: any = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        /* empty */
      }
      resolve({ status: xhr.status, body, retryAfter: xhr.getResponseHeader('Retry-After') });
    };
    xhr.onerror = () => reject(new Error('Network error during upload'));
    const form = new FormData();
    form.append('file', item.file, item.file.name);
    xhr.send(form);
  });
}

/** Sends one file as multipart with XMLHttpRequest (fetch has no upload progress); renews the token once on 401. */
export const xhrSender: Sender = async (item, onProgress) => {
  let r = await once(item, onProgress);
  if (r.status === 401 && (await refresh())) r = await once(item, onProgress);
  if (r.status >= 400) {
    throw new ApiError(
      r.status,
      r.body?.code ?? 'http_' + r.status,
      r.body?.detail ?? r.body?.title ?? 'Upload failed',
      r.retryAfter ? Number(r.retryAfter) : undefined,
    );
  }
  const first = r.body?.items?.[0];
  return { documentId: first?.id, duplicate: !!first?.duplicate };
};
