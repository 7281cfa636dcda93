// Pieces shared by several views: avatars, the connection label, dialogs, menus.

import { h } from '../dom.js';
import { icon } from '../icons.js';
import { initials, hueOf } from '../format.js';

/** A round avatar with initials on a colour derived from `key`. */
export function avatar(name, key, { size = 'md', online = false, kind = null } = {}) {
  const el = h('span', { class: `avatar avatar-${size}`, 'aria-hidden': 'true' });
  updateAvatar(el, name, key, { online, kind });
  return el;
}

export function updateAvatar(el, name, key, { online = false, kind = null } = {}) {
  const text = kind === 'room' ? '#' : initials(name);
  if (el.dataset.text !== text) {
    el.dataset.text = text;
    el.textContent = text;
  }
  el.style.setProperty('--hue', hueOf(key));
  el.classList.toggle('is-online', Boolean(online));
  el.classList.toggle('is-room', kind === 'room');
}

/** Words for the connection state, honest about what is known. */
export function connectionText({ state, detail }, waiting = 0) {
  const queued = waiting > 0 ? ` · ${waiting} waiting to send` : '';
  switch (state) {
    case 'online': return 'Online';
    case 'syncing': return 'Updating…';
    case 'connecting': return 'Connecting…';
    case 'offline':
      if (detail.reason === 'auth') return 'Signed out';
      if (detail.reason === 'network') return `Offline${queued}`;
      return `Can't reach Parley${queued}`;
    default: return 'Connecting…';
  }
}

/**
 * A modal dialog (the platform's <dialog>: focus is kept inside, Escape closes). `build`
 * receives a `close(value)` function and returns the content. Resolves with the value.
 */
export function openDialog({ title, build, className = '' }) {
  return new Promise((resolve) => {
    const titleId = `dialog-title-${Math.random().toString(36).slice(2)}`;
    const dialog = h('dialog', { class: `dialog ${className}`, 'aria-labelledby': titleId });
    let result;
    const close = (value) => {
      result = value;
      dialog.close();
    };
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(result);
    });
    dialog.addEventListener('click', (event) => {
      // A click on the backdrop (outside the content box) closes.
      if (event.target === dialog) close(undefined);
    });
    dialog.append(h('div', { class: 'dialog-content' },
      h('header', { class: 'dialog-header' },
        h('h2', { id: titleId }, title),
        h('button', { type: 'button', class: 'icon-button', 'aria-label': 'Close', onclick: () => close(undefined) }, icon('close'))),
      build(close)));
    document.body.append(dialog);
    dialog.showModal();
    const first = dialog.querySelector('[autofocus], input, textarea, select');
    if (first) first.focus();
  });
}

/** Asks a yes/no question; resolves true when confirmed. */
export function confirmDialog({ title, text, confirm, danger = false }) {
  return openDialog({
    title,
    className: 'dialog-small',
    build: (close) => h('div', { class: 'dialog-body' },
      h('p', null, text),
      h('div', { class: 'dialog-actions' },
        h('button', { type: 'button', class: 'button button-secondary', onclick: () => close(false) }, 'Cancel'),
        h('button', { type: 'button', class: `button ${danger ? 'button-danger' : ''}`, autofocus: true, onclick: () => close(true) }, confirm))),
  }).then((value) => value === true);
}

/**
 * A small popup menu under `anchor`: arrow keys move, Escape closes and gives focus back.
 * `items` are {label, icon, action, danger}.
 */
export function openMenu(anchor, items, label) {
  closeMenus();
  const menu = h('div', { class: 'menu', role: 'menu', 'aria-label': label });
  const buttons = items.map((item) => h('button', {
    type: 'button', role: 'menuitem', class: `menu-item ${item.danger ? 'is-danger' : ''}`, tabindex: '-1',
    onclick: () => {
      close();
      item.action();
    },
  }, icon(item.icon), item.label));
  menu.append(...buttons);
  const close = () => {
    menu.remove();
    anchor.setAttribute('aria-expanded', 'false');
    document.removeEventListener('pointerdown', outside, true);
  };
  const outside = (event) => {
    if (!menu.contains(event.target) && event.target !== anchor && !anchor.contains(event.target)) close();
  };
  menu.addEventListener('keydown', (event) => {
    const index = buttons.indexOf(document.activeElement);
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
      anchor.focus();
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next = (index + (event.key === 'ArrowDown' ? 1 : -1) + buttons.length) % buttons.length;
      buttons[next].focus();
    } else if (event.key === 'Tab') {
      close();
    }
  });
  menu.close = close;
  anchor.setAttribute('aria-expanded', 'true');
  document.body.append(menu);
  const box = anchor.getBoundingClientRect();
  const width = menu.offsetWidth;
  const height = menu.offsetHeight;
  const top = box.bottom + height + 8 > window.innerHeight ? box.top - height - 4 : box.bottom + 4;
  const left = Math.min(Math.max(8, box.right - width), window.innerWidth - width - 8);
  menu.style.top = `${Math.max(8, top)}px`;
  menu.style.left = `${left}px`;
  document.addEventListener('pointerdown', outside, true);
  buttons[0].focus();
  return menu;
}

export function closeMenus() {
  document.querySelectorAll('.menu').forEach((menu) => menu.close && menu.close());
}

/** A form error line that screen readers announce. */
export function errorLine() {
  return h('p', { class: 'form-error', role: 'alert', hidden: true });
}

export function showError(el, error) {
  el.textContent = error ? (error.friendly || error.message || String(error)) : '';
  el.hidden = !error;
}

/** Runs `action` with `button` disabled and a busy state; returns its result. */
export async function busy(button, action) {
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    return await action();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}
