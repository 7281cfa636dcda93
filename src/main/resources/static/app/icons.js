// Line icons drawn on a 24×24 grid, stroked with the current colour. Decorative: every
// icon is aria-hidden; the button or link around it carries the accessible name.

const SVG = 'http://www.w3.org/2000/svg';

const PATHS = {
  send: ['M22 2 11 13', 'M22 2 15 22 11 13 2 9z'],
  back: ['M19 12H5', 'M12 19l-7-7 7-7'],
  search: ['M21 21l-4.35-4.35', 'circle 11 11 7'],
  plus: ['M12 5v14', 'M5 12h14'],
  chats: ['M21 11.5a8.4 8.4 0 0 1-.9 3.8 8.5 8.5 0 0 1-7.6 4.7 8.4 8.4 0 0 1-3.8-.9L3 21l1.9-5.7a8.4 8.4 0 0 1-.9-3.8 8.5 8.5 0 0 1 4.7-7.6 8.4 8.4 0 0 1 3.8-.9h.5a8.5 8.5 0 0 1 8 8z'],
  contacts: ['M16 21v-2a4 4 0 0 0-4-4H6a4 4 0 0 0-4 4v2', 'circle 9 7 4', 'M22 21v-2a4 4 0 0 0-3-3.87', 'M16 3.13a4 4 0 0 1 0 7.75'],
  rooms: ['circle 12 12 10', 'M2 12h20', 'M12 2a15.3 15.3 0 0 1 4 10 15.3 15.3 0 0 1-4 10 15.3 15.3 0 0 1-4-10 15.3 15.3 0 0 1 4-10z'],
  group: ['M17 21v-2a4 4 0 0 0-4-4H5a4 4 0 0 0-4 4v2', 'circle 9 7 4', 'M20 8v6', 'M23 11h-6'],
  userPlus: ['M16 21v-2a4 4 0 0 0-4-4H5a4 4 0 0 0-4 4v2', 'circle 8.5 7 4', 'M20 8v6', 'M23 11h-6'],
  settings: ['M4 21v-7', 'M4 10V3', 'M12 21v-9', 'M12 8V3', 'M20 21v-5', 'M20 12V3', 'M1 14h6', 'M9 8h6', 'M17 16h6'],
  check: ['M20 6 9 17l-5-5'],
  checks: ['M17 6 7 16.5 2.5 12', 'M22 6 12 16.5 10.8 15.3'],
  clock: ['circle 12 12 9', 'M12 7v5l3 2'],
  alert: ['circle 12 12 10', 'M12 8v4', 'M12 16h.01'],
  more: ['circle 12 5 1', 'circle 12 12 1', 'circle 12 19 1'],
  edit: ['M12 20h9', 'M16.5 3.5a2.1 2.1 0 0 1 3 3L7 19l-4 1 1-4z'],
  trash: ['M3 6h18', 'M19 6v14a2 2 0 0 1-2 2H7a2 2 0 0 1-2-2V6', 'M8 6V4a2 2 0 0 1 2-2h4a2 2 0 0 1 2 2v2'],
  close: ['M18 6 6 18', 'M6 6l12 12'],
  logout: ['M9 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h4', 'M16 17l5-5-5-5', 'M21 12H9'],
  down: ['M12 5v14', 'M19 12l-7 7-7-7'],
  info: ['circle 12 12 10', 'M12 16v-4', 'M12 8h.01'],
  phone: ['M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2'],
  devices: ['M4 6a2 2 0 0 1 2-2h12a2 2 0 0 1 2 2v8H4z', 'M2 18h20'],
  block: ['circle 12 12 10', 'M4.9 4.9l14.2 14.2'],
  refresh: ['M23 4v6h-6', 'M1 20v-6h6', 'M3.5 9a9 9 0 0 1 14.8-3.4L23 10', 'M1 14l4.6 4.4A9 9 0 0 0 20.5 15'],
};

/** An SVG icon by name (see PATHS). */
export function icon(name, className = 'icon') {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', className);
  for (const d of PATHS[name] || []) {
    let shape;
    if (d.startsWith('circle')) {
      const [, cx, cy, r] = d.split(' ');
      shape = document.createElementNS(SVG, 'circle');
      shape.setAttribute('cx', cx);
      shape.setAttribute('cy', cy);
      shape.setAttribute('r', r);
    } else {
      shape = document.createElementNS(SVG, 'path');
      shape.setAttribute('d', d);
    }
    svg.append(shape);
  }
  return svg;
}
