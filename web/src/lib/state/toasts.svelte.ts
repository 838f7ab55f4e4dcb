/** Short confirmations ("Patient saved", with Undo) announced to screen readers. */
export type Toast = { id: number; message: string; action?: { label: string; run: () => void } };

class Toasts {
  items = $state<Toast[]>([]);
  #next = 1;

  show(message: string, action?: Toast['action'], ms = 6000) {
    const toast: Toast = { id: this.#next++, message, ...(action ? { action } : {}) };
    this.items = [...this.items.slice(-2), toast];
    setTimeout(() => this.dismiss(toast.id), ms);
  }

  dismiss(id: number) {
    this.items = this.items.filter((t) => t.id !== id);
  }

  /** Drops every message on screen (family mode starts clean, UI-4). */
  clear() {
    this.items = [];
  }
}

export const toasts = new Toasts();
