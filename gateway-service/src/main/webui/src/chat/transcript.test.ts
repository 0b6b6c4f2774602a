import type { Thread } from '../api/model';
import { startMessage } from './reducer';
import { answerMarkdown, fileName, toJson, toMarkdown, transcript } from './transcript';

const CITE = { n: 1, documentId: 'd1', filename: 'policy.pdf', page: 2, snippet: 'Hotels are capped\nat 150 euros.' };
const THREAD: Thread = {
  id: 'c1',
  title: 'Hotel cap',
  knowledgeBaseIds: ['kb1'],
  messages: [
    { id: 'm1', role: 'user', content: 'What is the hotel cap?' },
    { id: 'm2', role: 'assistant', content: 'The cap is 150 euros [1].', citations: [CITE], finishReason: 'stop' },
  ],
};

describe('the conversation export', () => {
  it('writes Markdown with each answer followed by its numbered sources', () => {
    const md = toMarkdown('Hotel cap', transcript(THREAD, []), new Date('2026-12-05T10:00:00Z'));
    expect(md).toBe(
      '# Hotel cap\n\n_Exported from Quire on 2026-12-05_\n\n## Question\n\nWhat is the hotel cap?\n\n' +
        '## Answer\n\nThe cap is 150 euros [1].\n\n**Sources**\n\n1. policy.pdf, p. 2 — “Hotels are capped at 150 euros.”\n',
    );
  });

  it('includes the answers streamed in this tab after the stored ones', () => {
    const live = { ...startMessage('x', 'And for Paris?'), status: 'done' as const, content: 'Also 150 euros.', messageId: 'm4' };
    const entries = transcript(THREAD, [live]);
    expect(entries.map((e) => [e.role, e.content])).toEqual([
      ['user', 'What is the hotel cap?'],
      ['assistant', 'The cap is 150 euros [1].'],
      ['user', 'And for Paris?'],
      ['assistant', 'Also 150 euros.'],
    ]);
    expect(entries[3].id).toBe('m4');
  });

  it('writes JSON with the header and the messages and their citations', () => {
    const json = JSON.parse(toJson(THREAD, 'Hotel cap', transcript(THREAD, []), new Date('2026-12-05T10:00:00Z')));
    expect(json).toMatchObject({ id: 'c1', title: 'Hotel cap', knowledgeBaseIds: ['kb1'], exportedAt: '2026-12-05T10:00:00.000Z' });
    expect(json.messages[1].citations[0]).toEqual(CITE);
  });

  it('copies an answer without sources as its bare text', () => {
    expect(answerMarkdown('  Just text. ', [])).toBe('Just text.');
  });

  it('names the file after the title without unsafe characters', () => {
    expect(fileName('Hotel cap: Paris / Berlin?', 'md')).toBe('hotel-cap-paris-berlin.md');
    expect(fileName('***', 'json')).toBe('conversation.json');
  });
});
