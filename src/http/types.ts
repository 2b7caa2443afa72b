import type { AppContext } from '../context';
import type { Locale } from '../web/i18n';

/** Who is making the request. A person may act for a brand of theirs (actingForId). */
export type Viewer = {
  accountId: string;
  actingForId: string | null;
  via: 'session' | 'token';
  sessionHash?: string;
  scopes: string;
};

export type AppEnv = {
  Variables: {
    /** The running app's context, for helpers that only receive the request (page rendering). */
    app: AppContext;
    viewer: Viewer | null;
    /** An app-only OAuth token (client_credentials): may sign people up, nothing else. */
    appToken: { appId: string | null; scopes: string } | null;
    locale: Locale;
    csrfToken: string;
    /** The client's address, for rate limits (X-Forwarded-For only when COMPTOIR_TRUST_PROXY=1). */
    clientIp: string;
  };
};
