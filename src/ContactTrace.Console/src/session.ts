// The API key lives in this tab's sessionStorage only: never in a URL, never in localStorage or a cookie.
const keyName = 'contacttrace.apiKey';

export const session = {
  get key(): string | null {
    return sessionStorage.getItem(keyName);
  },
  signIn(key: string): void {
    sessionStorage.setItem(keyName, key);
  },
  signOut(): void {
    sessionStorage.removeItem(keyName);
  },
};
