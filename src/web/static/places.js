// Places pages: the browser's position for "near me" and check-ins, a Leaflet map over the
// server-drawn plot when the operator set a tile server, and code scanning on the redeem page
// when the browser has BarcodeDetector. Every page works without this file (list, plot, forms).
(() => {
  'use strict';

  const say = (el, text) => {
    if (el) el.textContent = text;
  };

  // The position, as a promise; the caller turns failures into a message for the person.
  const position = () =>
    new Promise((resolve, reject) => {
      if (!navigator.geolocation) return reject(new Error('unsupported'));
      navigator.geolocation.getCurrentPosition(resolve, reject, { enableHighAccuracy: true, timeout: 15000 });
    });

  // "Use my location" (nearby page) and the check-in form: fill the hidden fields, then send.
  const fillAndSend = async (form, status) => {
    const lat = form.querySelector('input[name=lat]');
    const lon = form.querySelector('input[name=lon]');
    const accuracy = form.querySelector('input[name=accuracy_m]');
    say(status, form.dataset.msgLocating || '');
    try {
      const p = await position();
      lat.value = p.coords.latitude.toFixed(6);
      lon.value = p.coords.longitude.toFixed(6);
      if (accuracy) accuracy.value = String(Math.round(p.coords.accuracy || 0));
      form.dataset.located = '1';
      form.submit();
    } catch (error) {
      const denied = error && error.code === 1;
      say(status, denied ? form.dataset.msgDenied || '' : form.dataset.msgFailed || '');
    }
  };

  for (const form of document.querySelectorAll('form[data-geolocate]')) {
    const status = form.querySelector('[data-geo-status]');
    form.addEventListener('submit', (event) => {
      if (form.dataset.located === '1') return;
      event.preventDefault();
      fillAndSend(form, status);
    });
  }

  // Leaflet over the plot. The plot stays until the first tile has loaded; if none loads
  // (server down, blocked, offline) the map is removed and the plot is what people see.
  const loadLeaflet = () =>
    new Promise((resolve, reject) => {
      if (window.L) return resolve(window.L);
      const css = document.createElement('link');
      css.rel = 'stylesheet';
      css.href = '/static/leaflet/leaflet.css';
      document.head.appendChild(css);
      const script = document.createElement('script');
      script.src = '/static/leaflet/leaflet.js';
      script.onload = () => (window.L ? resolve(window.L) : reject(new Error('no Leaflet')));
      script.onerror = reject;
      document.head.appendChild(script);
    });

  const drawMap = async (figure) => {
    const L = await loadLeaflet();
    const center = JSON.parse(figure.dataset.center || '[46.6,2.4]');
    const points = JSON.parse(figure.dataset.points || '[]');
    const box = document.createElement('div');
    box.className = 'places-leaflet';
    figure.insertBefore(box, figure.firstChild);
    const map = L.map(box, { scrollWheelZoom: false }).setView(center, 15);
    let loaded = false;
    let gone = false;
    let failed = 0;
    const giveUp = () => {
      if (loaded || gone) return;
      gone = true;
      map.remove();
      box.remove();
      figure.classList.remove('has-tiles');
    };
    const tiles = L.tileLayer(figure.dataset.tiles, { attribution: figure.dataset.attribution || '', maxZoom: 19 });
    tiles.on('tileload', () => {
      loaded = true;
      figure.classList.add('has-tiles');
    });
    tiles.on('tileerror', () => {
      failed += 1;
      if (failed >= 4) giveUp();
    });
    tiles.addTo(map);
    setTimeout(giveUp, 10000);
    const bounds = [];
    if (figure.dataset.you) {
      L.circleMarker(center, { radius: 8, className: 'places-leaflet-you' }).addTo(map).bindTooltip(figure.dataset.you);
      bounds.push(center);
    }
    if (figure.dataset.radius) L.circle(center, { radius: Number(figure.dataset.radius) }).addTo(map);
    points.forEach((p, i) => {
      // Names are people's text: put them in the DOM as text, never as HTML.
      const link = document.createElement('a');
      link.href = p.href;
      link.textContent = points.length > 1 ? `${i + 1}. ${p.name}` : p.name;
      L.marker([p.lat, p.lon], { title: p.name, alt: p.name }).addTo(map).bindPopup(link);
      bounds.push([p.lat, p.lon]);
    });
    if (bounds.length > 1) map.fitBounds(bounds, { padding: [30, 30], maxZoom: 16 });
  };

  for (const figure of document.querySelectorAll('.places-map[data-tiles]')) {
    drawMap(figure).catch(() => figure.classList.remove('has-tiles'));
  }

  // Scanning a code with the camera, where the browser can read barcodes; typing always works.
  const scan = document.querySelector('[data-scan]');
  if (scan && 'BarcodeDetector' in window && navigator.mediaDevices) {
    scan.hidden = false;
    scan.addEventListener('click', async () => {
      const form = scan.closest('form');
      const input = form.querySelector('input[name=code]');
      const video = document.createElement('video');
      video.className = 'places-scan-video';
      video.setAttribute('playsinline', '');
      form.appendChild(video);
      try {
        const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
        video.srcObject = stream;
        await video.play();
        const detector = new window.BarcodeDetector();
        const stop = () => {
          for (const track of stream.getTracks()) track.stop();
          video.remove();
        };
        const look = async () => {
          const found = await detector.detect(video).catch(() => []);
          if (found.length > 0) {
            input.value = found[0].rawValue;
            stop();
            form.submit();
            return;
          }
          requestAnimationFrame(look);
        };
        look();
      } catch {
        video.remove();
      }
    });
  }
})();
