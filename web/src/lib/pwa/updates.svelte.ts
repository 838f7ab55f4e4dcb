/**
 * Registers the service worker and says when a new version is waiting. The person chooses
 * when to reload; local changes are flushed to IndexedDB first so nothing is lost.
 */
import { dev } from '$app/environment';

export class UpdateState {
  available = $state(false);
  #waiting: ServiceWorker | null = null;
  #reloading = false;

  async register(): Promise<void> {
    if (!('serviceWorker' in navigator)) return;
    const registration = await navigator.serviceWorker.register('/service-worker.js', {
      type: dev ? 'module' : 'classic',
    });
    const watch = (worker: ServiceWorker | null) => {
      if (!worker) return;
      const check = () => {
        if (worker.state === 'installed' && navigator.serviceWorker.controller) {
          this.#waiting = worker;
          this.available = true;
        }
      };
      check();
      worker.addEventListener('statechange', check);
    };
    watch(registration.waiting);
    registration.addEventListener('updatefound', () => watch(registration.installing));
    navigator.serviceWorker.addEventListener('controllerchange', () => {
      if (this.#reloading) location.reload();
    });
    // Look for a new deploy when the app comes back into view and every half hour.
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') void registration.update().catch(() => undefined);
    });
    setInterval(() => void registration.update().catch(() => undefined), 30 * 60 * 1000);
  }

  async apply(beforeReload: () => Promise<void>): Promise<void> {
    this.#reloading = true;
    await beforeReload();
    if (this.#waiting) this.#waiting.postMessage({ type: 'SKIP_WAITING' });
    else location.reload();
  }
}
