import { render, screen, within } from '@testing-library/react';
import css from '../styles.css?raw';
import { sessionAs, stubFetch } from '../test/fixtures';
import { TopBar } from './TopBar';

/** The style sheet in the document, then the phone's rules (≤ 700 px) as if the media query matched. */
function phoneStyles() {
  const base = document.createElement('style');
  base.textContent = css;
  document.head.append(base);
  const phone = Array.from(base.sheet!.cssRules).find(
    (r): r is CSSMediaRule => r instanceof CSSMediaRule && r.media.mediaText.includes('max-width: 700px'),
  );
  expect(phone).toBeDefined();
  const rules = document.createElement('style');
  rules.textContent = Array.from(phone!.cssRules, (r) => r.cssText).join('\n');
  document.head.append(rules);
}

afterEach(() => document.head.querySelectorAll('style').forEach((s) => s.remove()));

describe('the top bar on a phone', () => {
  it('stays one row: the links scroll sideways instead of wrapping, and Sign out leaves the row to them', () => {
    phoneStyles();
    render(<TopBar session={sessionAs('owner')} path="/knowledge" />);
    const bar = document.querySelector('header.top') as HTMLElement;
    expect(getComputedStyle(bar).flexWrap).toBe('nowrap');
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(getComputedStyle(nav).overflowX).toBe('auto');
    expect(getComputedStyle(nav.querySelector('ul')!).flexWrap).toBe('nowrap');
    // every link is still there for the keyboard and screen readers, on one line each
    const links = within(nav).getAllByRole('link');
    expect(links.map((a) => a.textContent)).toEqual(['Chat', 'Knowledge', 'Connectors', 'Admin', 'Account']);
    for (const a of links) {
      expect(getComputedStyle(a).display).not.toBe('none');
      expect(getComputedStyle(a).whiteSpace).toBe('nowrap');
    }
    expect(within(nav).getByRole('link', { name: 'Knowledge' }).getAttribute('aria-current')).toBe('page');
    // what takes a row's room on a wide screen goes: the brand and the role
    expect(getComputedStyle(bar.querySelector('.brand')!).display).toBe('none');
    expect(getComputedStyle(bar.querySelector('.who')!).display).toBe('none');
    // Sign out is on the Account page: on a 360 px phone it covered the Account link (AccountPage.test)
    expect(getComputedStyle(bar.querySelector('.sign-out')!).display).toBe('none');
    // Account: an icon whose link keeps its name, so five links fit a 360 px phone
    const account = within(nav).getByRole('link', { name: 'Account' });
    expect(getComputedStyle(account.querySelector('svg')!).display).not.toBe('none');
    expect(getComputedStyle(account.querySelector('.label')!).position).toBe('absolute');
  });

  it('keeps the wide screen bar as it was: brand, role and a worded Sign out', () => {
    const base = document.createElement('style');
    base.textContent = css;
    document.head.append(base);
    render(<TopBar session={sessionAs('owner')} path="/chat" />);
    expect(getComputedStyle(document.querySelector('.brand')!).display).not.toBe('none');
    const signOut = screen.getByRole('button', { name: 'Sign out' });
    expect(getComputedStyle(signOut.querySelector('svg')!).display).toBe('none');
    expect(getComputedStyle(signOut.querySelector('.label')!).position).not.toBe('absolute');
    const account = screen.getByRole('link', { name: 'Account' });
    expect(getComputedStyle(account.querySelector('svg')!).display).toBe('none');
    expect(getComputedStyle(account.querySelector('.label')!).position).not.toBe('absolute');
  });
});

describe('the top bar names the workspace', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows the name of the workspace signed in to beside the role, since one address may open several', async () => {
    const fetch = stubFetch({ '/api/v1/tenant': { id: 't-1', name: 'Acme Legal', plan: 'pro', status: 'active' } });
    render(<TopBar session={sessionAs('member')} path="/chat" />);
    expect(await screen.findByText(/Acme Legal/)).toBeTruthy();
    expect(document.querySelector('.who')!.textContent).toBe('Acme Legal · member');
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('asks a platform operator for no workspace: they have none of their own', () => {
    const fetch = stubFetch({});
    render(<TopBar session={sessionAs('platform-admin')} path="/platform" />);
    expect(document.querySelector('.who')!.textContent).toBe('platform-admin');
    expect(fetch).not.toHaveBeenCalled();
  });
});
