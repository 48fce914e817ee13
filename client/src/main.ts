import 'prosemirror-view/style/prosemirror.css';
import './styles/app.css';
import { registerSW } from 'virtual:pwa-register';
import { createApiClient } from './api/api-client';
import { BookApp } from './app/book-app';
import { browserNetwork, storageUnsavedStore } from './collab/browser-adapters';
import { createCollabSession } from './collab/collab-session';
import { ChapterList } from './components/chapter-list';
import { ConfirmButton } from './components/confirm-button';
import { InlineTitle } from './components/inline-title';
import { NotFoundPage } from './components/not-found-page';
import { NotificationBell } from './components/notification-bell';
import { RoleBadge } from './components/role-badge';
import { SaveIndicator } from './components/save-indicator';
import { SessionStatus } from './components/session-status';
import { ShortcutsSheet } from './components/shortcuts-sheet';
import { AccountView } from './views/account-view';
import { AuthView } from './views/auth-view';
import { BookView } from './views/book-view';
import { CreditsView } from './views/credits-view';
import { HomeView } from './views/home-view';
import { InviteView } from './views/invite-view';
import { MembersView } from './views/members-view';
import { structureElements } from './book/structure-elements';

const elements = {
  'account-view': AccountView,
  'auth-view': AuthView,
  'book-app': BookApp,
  'book-view': BookView,
  'chapter-list': ChapterList,
  'confirm-button': ConfirmButton,
  'credits-view': CreditsView,
  'home-view': HomeView,
  'inline-title': InlineTitle,
  'invite-view': InviteView,
  'members-view': MembersView,
  'notification-bell': NotificationBell,
  'not-found-page': NotFoundPage,
  'role-badge': RoleBadge,
  'save-indicator': SaveIndicator,
  'session-status': SessionStatus,
  'shortcuts-sheet': ShortcutsSheet,
  ...structureElements,
} as const;
for (const [tag, element] of Object.entries(elements)) customElements.define(tag, element);

// The chapter page (ProseMirror, y-prosemirror, comments, history) is its own chunk, loaded when
// a chapter is first opened: the start, sign-in and members pages never wait for it. Lit keeps
// properties set on a <chapter-view> rendered before the chunk arrives and applies them on upgrade.
let chapterPage: Promise<void> | null = null;
const loadChapterPage = (): Promise<void> =>
  (chapterPage ??= import('./chapter-elements').then(({ chapterElements }) => {
    for (const [tag, element] of Object.entries(chapterElements)) customElements.define(tag, element);
  }));

const defaultSyncUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sync`;
const syncUrl: string = import.meta.env.VITE_SYNC_URL ?? defaultSyncUrl;
const network = browserNetwork(window);
const unsavedStore = storageUnsavedStore(localStorage);

const app = document.createElement('book-app');
app.services = {
  storage: localStorage,
  api: createApiClient({ fetch: (url, init) => fetch(url, init) }),
  openSession: (docName, options) =>
    createCollabSession({ syncUrl, docName, ...options, network, unsavedStore }),
  fillRandom: (bytes) => crypto.getRandomValues(bytes),
  nowMs: Date.now,
  win: window,
  loadChapterPage,
};
document.body.append(app);

// The service worker precaches the app shell so a chapter link reloads while offline.
if ('serviceWorker' in navigator) {
  registerSW({
    immediate: true,
    onRegisterError: (error: unknown) => console.error('service worker registration failed', error),
  });
}
