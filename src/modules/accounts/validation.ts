import { badRequest, unprocessable } from '../../lib/errors';

export const USERNAME = /^[A-Za-z0-9_]{1,30}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const COLOR = /^#[0-9a-fA-F]{6}$/;
/** Handles that would collide with our own pages or mislead people. */
const RESERVED = new Set([
  'admin',
  'api',
  'about',
  'login',
  'logout',
  'signup',
  'settings',
  'notifications',
  'explore',
  'tags',
  'oauth',
  'static',
  'media',
  'brands',
  'root',
  'support',
  'comptoir',
  'home',
  'public',
  'search',
]);

export function checkUsername(username: unknown): string {
  if (typeof username !== 'string' || !USERNAME.test(username)) {
    throw unprocessable('invalid_username', 'A username has 1 to 30 letters, digits or underscores');
  }
  if (RESERVED.has(username.toLowerCase()))
    throw unprocessable('username_reserved', `The username "${username}" is reserved`);
  return username;
}

export function checkEmail(email: unknown): string {
  if (typeof email !== 'string' || email.length > 254 || !EMAIL.test(email))
    throw unprocessable('invalid_email', 'Enter a valid e-mail address');
  return email.trim();
}

export function checkPassword(password: unknown): string {
  if (typeof password !== 'string' || password.length < 8)
    throw unprocessable('password_too_short', 'A password has at least 8 characters');
  if (password.length > 512) throw unprocessable('password_too_long', 'A password has at most 512 characters');
  return password;
}

export function checkText(field: string, value: unknown, max: number): string {
  if (typeof value !== 'string') throw badRequest('invalid_field', `${field} must be text`);
  if ([...value].length > max)
    throw unprocessable('field_too_long', `${field} has at most ${max} characters`, { field });
  return value.trim();
}

export function checkWebsite(value: unknown): string {
  const text = checkText('website', value, 200);
  if (text === '') return '';
  try {
    const url = new URL(text.includes('://') ? text : `https://${text}`);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('scheme');
    return url.toString();
  } catch {
    throw unprocessable('invalid_website', 'The website must be an http(s) address');
  }
}

export function checkColor(field: string, value: unknown): string | null {
  if (value === null || value === '' || value === undefined) return null;
  if (typeof value !== 'string' || !COLOR.test(value))
    throw unprocessable('invalid_color', `${field} must be a colour like #1a2b3c`, { field });
  return value.toLowerCase();
}
