// A small SVG line chart of one figure's reports over event time. No library, no markup
// strings: every element is made with createElementNS and every label set as textContent.
"use strict";

const SVG = "http://www.w3.org/2000/svg";

function svgElement(name, attributes) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes || {})) {
    element.setAttribute(key, String(value));
  }
  return element;
}

function shortDate(time) {
  return new Date(time).toISOString().slice(5, 16).replace("T", " ");
}

// points: [{at: ISO time, value: number, shown: "about 2,300"}], oldest first
function lineChart(points, title) {
  const width = 420, height = 180, left = 56, right = 12, top = 14, bottom = 34;
  const svg = svgElement("svg", {
    viewBox: `0 0 ${width} ${height}`, class: "chart", role: "img", "aria-label": title,
  });
  const heading = svgElement("title");
  heading.textContent = title;
  svg.appendChild(heading);
  if (points.length === 0) return svg;
  const times = points.map((p) => Date.parse(p.at));
  const values = points.map((p) => p.value);
  const t0 = Math.min(...times), t1 = Math.max(...times);
  const v1 = Math.max(...values) * 1.1 || 1;
  const x = (t) => left + (t1 === t0 ? (width - left - right) / 2 : ((t - t0) / (t1 - t0)) * (width - left - right));
  const y = (v) => top + (1 - v / v1) * (height - top - bottom);
  svg.appendChild(svgElement("line", { x1: left, y1: y(0), x2: width - right, y2: y(0), class: "axis" }));
  svg.appendChild(svgElement("line", { x1: left, y1: top, x2: left, y2: y(0), class: "axis" }));
  for (const v of [0, v1 / 2, v1]) {
    const label = svgElement("text", { x: left - 4, y: y(v) + 4, "text-anchor": "end", class: "tick" });
    label.textContent = Math.round(v).toLocaleString("en");
    svg.appendChild(label);
  }
  const ends = t1 === t0 ? [[t0, "middle"]] : [[t0, "start"], [t1, "end"]];
  for (const [t, anchor] of ends) {
    const label = svgElement("text", { x: x(t), y: height - 10, "text-anchor": anchor, class: "tick" });
    label.textContent = shortDate(t);
    svg.appendChild(label);
  }
  const path = points.map((p, i) => `${x(times[i]).toFixed(1)},${y(p.value).toFixed(1)}`).join(" ");
  svg.appendChild(svgElement("polyline", { points: path, class: "line" }));
  points.forEach((p, i) => {
    const dot = svgElement("circle", { cx: x(times[i]), cy: y(p.value), r: 3.5, class: "point" });
    const tip = svgElement("title");
    tip.textContent = `${p.shown} · ${shortDate(times[i])} UTC`;
    dot.appendChild(tip);
    svg.appendChild(dot);
  });
  return svg;
}

window.tickerChart = { lineChart };
