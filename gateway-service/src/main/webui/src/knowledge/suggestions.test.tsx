import { act, render, screen } from '@testing-library/react';
import css from '../styles.css?raw';
import { stubFetch } from '../test/fixtures';
import { SuggestedQuestions } from './SuggestedQuestions';
import { questionsFrom, useSuggestedQuestions, type Section } from './suggestions';

afterEach(() => vi.unstubAllGlobals());

const s = (documentId: string, filename: string, section: string): Section => ({ documentId, filename, section });
/** One document's headings, in order. */
const doc = (documentId: string, filename: string, ...sections: string[]) => sections.map((section) => s(documentId, filename, section));

describe('suggested first questions', () => {
  it('takes headings from each document in turn, skipping generic ones', () => {
    const q = questionsFrom([
      ...doc('a', 'guide.pdf', 'Contents', '1. Opening hours', 'Safety', 'Tickets'),
      ...doc('b', 'policy.docx', 'TRAVEL EXPENSES', '42'),
    ]);
    expect(q).toEqual([
      'What does the guide say about opening hours?',
      'What does the policy say about travel expenses?',
      'What does the guide say about safety?',
      'What does the guide say about tickets?',
    ]);
  });

  it('reads like a person asking: the document by name, a breadcrumb by its last step, names kept', () => {
    const q = questionsFrom([
      s('a', 'travel-policy.md', 'Travel policy > Flights'),
      s('b', 'Q3_Report.pdf', 'Revenue by EU Region'),
      s('c', 'The Handbook.docx', '2.1 Onboarding › First week'),
    ]);
    expect(q).toEqual([
      'What does the travel policy say about flights?',
      'What does the Q3 Report say about Revenue by EU Region?',
      'What does The Handbook say about first week?',
    ]);
  });

  it("asks nothing about a document's own title", () => {
    const q = questionsFrom([
      ...doc('a', 'employee-handbook.md', 'Northwind Employee Handbook', 'Northwind Employee Handbook > Paid time off'),
      s('b', 'security-policy.pdf', 'Security policy overview'),
      s('c', 'faq.txt', 'Parking'),
    ]);
    expect(q).toEqual([
      'What does the employee handbook say about paid time off?',
      'What does the faq say about parking?',
    ]);
  });

  it('offers none without headings, and links each to the chat', async () => {
    expect(questionsFrom([])).toEqual([]);
    stubFetch({ '/api/v1/knowledge-bases/kb1/sections': { items: [s('a', 'guide.pdf', 'Opening hours')], nextCursor: null } });
    function Probe() {
      return <SuggestedQuestions questions={useSuggestedQuestions(['kb1', 'kb-missing'])} />;
    }
    await act(async () => {
      render(<Probe />);
    });
    const link = screen.getByRole('link', { name: 'What does the guide say about opening hours?' });
    expect(link.getAttribute('href')).toBe('/chat?ask=What%20does%20the%20guide%20say%20about%20opening%20hours%3F');
  });

  it('asks at once when the chat hands over its send', () => {
    const ask = vi.fn();
    render(<SuggestedQuestions questions={['What is it?']} onAsk={ask} />);
    act(() => screen.getByRole('button', { name: 'What is it?' }).click());
    expect(ask).toHaveBeenCalledWith('What is it?');
  });

  it('shows the questions as chips in the app\'s accent colours, not as the browser\'s blue links', () => {
    const style = document.createElement('style');
    style.textContent = css;
    document.head.append(style);
    render(<SuggestedQuestions questions={['What does the guide say about safety?']} />);
    const link = getComputedStyle(screen.getByRole('link', { name: 'What does the guide say about safety?' }));
    expect(link.color).toBe('var(--accent)');
    expect(link.backgroundColor).toBe('var(--accent-soft)');
    expect(link.textDecoration).toBe('none');
    expect(getComputedStyle(screen.getByRole('list')).listStyle).toContain('none');
    style.remove();
  });
});
