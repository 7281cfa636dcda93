// Small DOM helpers: build elements without innerHTML (so text is never parsed as HTML),
// keep keyed lists in place, and announce text to screen readers.

/**
 * Creates an element. `props` sets properties (className, hidden, value…), attributes
 * (keys containing '-' or listed in ATTRIBUTES), event listeners (onclick…) and dataset
 * (data: {…}). Children are nodes, strings, or arrays of them; null/false are skipped.
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  if (props) {
    for (const [key, value] of Object.entries(props)) {
      if (value === undefined || value === null || value === false) continue;
      if (key.startsWith('on') && typeof value === 'function') {
        el.addEventListener(key.slice(2), value);
      } else if (key === 'data') {
        Object.assign(el.dataset, value);
      } else if (key === 'class') {
        el.className = value;
      } else if (key.includes('-') || ATTRIBUTES.has(key)) {
        el.setAttribute(key, value === true ? '' : String(value));
      } else {
        el[key] = value;
      }
    }
  }
  append(el, children);
  return el;
}

const ATTRIBUTES = new Set(['role', 'for', 'form', 'list', 'inputmode', 'autocomplete', 'enterkeyhint',
  'tabindex', 'href', 'datetime', 'maxlength', 'minlength', 'pattern', 'rows', 'type']);

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** Replaces all children of `el`. */
export function replaceChildren(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/**
 * Makes `container`'s children match `items` in order, reusing the element of each key
 * (so focus, scroll and animations survive). `create(item)` builds a new element,
 * `update(el, item)` refreshes one.
 */
export function reconcile(container, items, keyOf, create, update) {
  const existing = new Map();
  for (const child of container.children) {
    if (child.dataset.key !== undefined) existing.set(child.dataset.key, child);
  }
  let cursor = container.firstElementChild;
  for (const item of items) {
    const key = String(keyOf(item));
    let el = existing.get(key);
    if (el) {
      existing.delete(key);
      update(el, item);
    } else {
      el = create(item);
      el.dataset.key = key;
      update(el, item);
    }
    if (el !== cursor) {
      container.insertBefore(el, cursor);
    } else {
      cursor = cursor.nextElementSibling;
    }
  }
  for (const el of existing.values()) el.remove();
}

let announcer;

/** Reads `text` out to screen readers (polite). */
export function announce(text) {
  if (!announcer) {
    announcer = h('div', { class: 'sr-only', 'aria-live': 'polite', 'aria-atomic': 'true', id: 'announcer' });
    document.body.append(announcer);
  }
  // Clearing first makes a repeated text be read again.
  announcer.textContent = '';
  setTimeout(() => { announcer.textContent = text; }, 50);
}

/** Sets the text of an element only when it changed (avoids needless mutations). */
export function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}
