import type { KeyValueStorage } from '../account/account-cache';
import type { NetworkSignal, UnsavedChangesStore } from './session-state';

/** `navigator.onLine` and the window's online/offline events. */
export function browserNetwork(target: Window): NetworkSignal {
  return {
    isOnline: () => target.navigator.onLine,
    subscribe(listener) {
      const online = () => listener(true);
      const offline = () => listener(false);
      target.addEventListener('online', online);
      target.addEventListener('offline', offline);
      return () => {
        target.removeEventListener('online', online);
        target.removeEventListener('offline', offline);
      };
    },
  };
}

/** Unsaved-change counts in localStorage, one key per document. */
export function storageUnsavedStore(
  storage: KeyValueStorage & Pick<Storage, 'removeItem'>,
): UnsavedChangesStore {
  const key = (docName: string) => `wethink:unsaved:${docName}`;
  return {
    read(docName) {
      const value = Number(storage.getItem(key(docName)) ?? '0');
      return Number.isInteger(value) && value > 0 ? value : 0;
    },
    write(docName, count) {
      if (count > 0) storage.setItem(key(docName), String(count));
      else storage.removeItem(key(docName));
    },
  };
}
