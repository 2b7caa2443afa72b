/**
 * Deleting an account in a real browser: from the settings, the password asked again, then signed
 * out on a confirmation page; the profile answers 404 and signing in again fails.
 */
import { describe, expect, it } from 'vitest';
import { logIn, logOut, person, signUp, useE2E } from './support';

const e2e = useE2E();

describe('account deletion in the browser', () => {
  it('deletes the account with the password, signs out, and the profile is gone', async () => {
    const page = await e2e.newPage();
    const leaving = person('leaving', 'Léa Partante');
    await signUp(page, leaving);
    await logOut(page);
    await logIn(page, leaving.email);

    await page.goto('/settings');
    await page.getByRole('link', { name: 'Delete my account' }).click();
    await page.waitForURL('**/settings/delete');
    await page.getByRole('heading', { level: 1, name: 'Delete my account' }).waitFor();
    // It says it is irreversible and what the law keeps before anything happens.
    expect(await page.textContent('main')).toContain('irreversible');
    expect(await page.textContent('main')).toContain('L123-22');

    // A wrong password changes nothing.
    await page.getByLabel(/^Your password/).fill('not my password');
    await page.getByRole('button', { name: 'Delete my account for good' }).click();
    await page.getByText('The password is wrong.').waitFor();

    await page.getByLabel(/^Your password/).fill(leaving.password);
    await page.getByRole('button', { name: 'Delete my account for good' }).click();
    await page.waitForURL('**/account/deleted');
    await page.getByRole('heading', { level: 1, name: 'Your account is deleted' }).waitFor();
    // Signed out: the top bar offers to log in again.
    await page.getByRole('navigation').getByRole('link', { name: 'Log in' }).waitFor();

    const profile = await page.goto(`/@${leaving.username}`);
    expect(profile?.status()).toBe(404);

    await page.goto('/login');
    await page.getByLabel(/^E-mail or username/).fill(leaving.email);
    await page.getByLabel(/^Password/).fill(leaving.password);
    await page.getByRole('button', { name: /^Log in$/ }).click();
    await page.getByText('Wrong', { exact: false }).or(page.getByRole('alert')).first().waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
  });
});
