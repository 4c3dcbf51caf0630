// The story page: reads the summary and items as JSON, then follows both streams live by
// Server-Sent Events. News text is only ever set with textContent: never parsed as markup.
"use strict";

(function () {
  const storyElement = document.getElementById("story");
  if (!storyElement) return;
  const story = storyElement.dataset.story;
  const base = "/stories/" + encodeURIComponent(story);
  const api = "/api/stories/" + encodeURIComponent(story);
  const query = new URLSearchParams(window.location.search);
  const at = query.get("at");
  const filterQuery = new URLSearchParams();
  for (const name of ["metric", "entity", "outlet", "category", "topic", "since"]) {
    if (query.get(name)) filterQuery.set(name, query.get(name));
  }
  const status = document.getElementById("status");

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function source(obs) {
    return (obs.claimant ? obs.claimant + " (" + obs.outlet + ")" : obs.outlet) + ", " + obs.when;
  }

  function observationLine(prefix, obs, className) {
    const line = element("div", null, className);
    line.appendChild(element("span", prefix, "tag"));
    line.appendChild(element("span", " " + obs.shown + " — " + source(obs)));
    return line;
  }

  function renderFigures(summary) {
    const figures = document.getElementById("figures");
    const charts = document.getElementById("chart-list");
    clear(figures);
    clear(charts);
    if (summary.figures.length === 0) figures.appendChild(element("p", "No figures reported yet.", "dim"));
    for (const figure of summary.figures) {
      const block = element("div", null, "figure");
      block.dataset.figure = figure.key;
      block.appendChild(element("div", figure.label, "label"));
      if (figure.current) {
        block.appendChild(element("div", figure.current.shown, "value"));
        block.appendChild(element("div", source(figure.current), "dim source"));
      } else {
        block.appendChild(element("div", "no standing figure", "dim"));
      }
      if (figure.current && figure.confidence) {
        const c = figure.confidence;
        const sources = c.sources + (c.sources === 1 ? " source" : " sources") + (c.official ? ", official" : "");
        block.appendChild(element("div", c.status + ": " + sources, "confidence " + c.status));
      }
      if (figure.decreased) block.appendChild(element("div", "this cumulative count went down", "warning"));
      for (const obs of figure.conflicts) block.appendChild(observationLine("CONFLICT", obs, "conflict"));
      for (const obs of figure.unconfirmed || []) block.appendChild(observationLine("UNCONFIRMED", obs, "unconfirmed"));
      for (const obs of figure.retractions) block.appendChild(observationLine("WITHDRAWN", obs, "withdrawn"));
      figures.appendChild(block);
      if (figure.chart.length > 0) {
        const holder = element("figure", null, "chart-holder");
        holder.dataset.figure = figure.key;
        holder.appendChild(window.tickerChart.lineChart(figure.chart, figure.label + " over event time"));
        holder.appendChild(element("figcaption", figure.label + ": " + figure.chart.map((p) => p.shown).join(" → ")));
        charts.appendChild(holder);
      }
    }
  }

  function renderSummary(summary) {
    document.getElementById("now-title").textContent = summary.at
      ? "What was known at " + summary.at
      : "What we know now";
    const outlets = Object.keys(summary.sources).length;
    document.getElementById("as-of").textContent =
      (summary.as_of ? "as of " + summary.as_of : "nothing yet") +
      " · version " + summary.version + " · " + summary.items + " items from " + outlets + " outlets";
    renderFigures(summary);
    const actors = document.getElementById("actors");
    clear(actors);
    for (const actor of summary.actors.slice(0, 15)) {
      actors.appendChild(element("li", actor.name + " (" + actor.mentions + ")"));
    }
    const developments = document.getElementById("developments");
    clear(developments);
    for (const dev of summary.developments.slice(0, 12)) {
      const line = element("li");
      line.appendChild(element("span", dev.when, "dim when"));
      line.appendChild(element("span", " " + dev.text + " "));
      line.appendChild(element("span", "[" + dev.outlets.join(", ") + "]", "dim"));
      developments.appendChild(line);
    }
  }

  function itemLine(item) {
    const line = element("li", null, "item");
    line.dataset.id = item.id;
    line.appendChild(element("span", item.when, "dim when"));
    const kinds = item.topic ? item.category + " · " + item.topic : item.category;
    line.appendChild(element("span", " [" + kinds + "] ", "category"));
    line.appendChild(element("strong", item.outlet));
    line.appendChild(element("span", " — "));
    if (item.url) {
      const link = element("a", item.text, "text");
      link.href = item.url;
      link.rel = "noopener noreferrer nofollow";
      line.appendChild(link);
    } else {
      line.appendChild(element("span", item.text, "text"));
    }
    for (const claim of item.claims) {
      let label = claim.label + ": " + claim.shown;
      if (claim.claimant) label += " (" + claim.claimant + ")";
      if (claim.retracted) label += " WITHDRAWN";
      line.appendChild(element("div", "▸ " + label, claim.retracted ? "claim withdrawn" : "claim"));
    }
    if (item.also.length) line.appendChild(element("div", "≡ also: " + item.also.join(", "), "also"));
    return line;
  }

  async function getJson(url) {
    const response = await fetch(url, { headers: { accept: "application/json" } });
    if (!response.ok) throw new Error(url + ": " + response.status + " " + (await response.text()));
    return response.json();
  }

  async function loadSummary() {
    const params = new URLSearchParams();
    if (at) params.set("at", at);
    const data = await getJson(api + "/summary?" + params);
    renderSummary(data.summary);
    return data.position;
  }

  async function loadItems() {
    const params = new URLSearchParams(filterQuery);
    if (at) params.set("at", at);
    params.set("limit", "200");
    const data = await getJson(api + "/items?" + params);
    const feed = document.getElementById("feed");
    clear(feed);
    for (const item of data.items) feed.appendChild(itemLine(item));
    return data.position;
  }

  // One live stream; after a refused or broken connection it opens again from the last id seen.
  function follow(path, kind, position, onEvent) {
    let last = position;
    let source = null;
    const open = () => {
      const params = new URLSearchParams(kind === "item" ? filterQuery : undefined);
      params.set("after", last);
      source = new EventSource(path + "?" + params);
      source.addEventListener(kind, (event) => {
        last = event.lastEventId;
        onEvent(JSON.parse(event.data));
      });
      source.onopen = () => { status.textContent = "live"; status.className = "live"; };
      source.onerror = () => {
        status.textContent = "reconnecting…";
        status.className = "dim";
        if (source.readyState === EventSource.CLOSED) setTimeout(open, 2000);
      };
      window.tickerLive[kind] = source;
    };
    open();
  }

  let summaryPending = false;
  function summaryChanged() {
    if (summaryPending) return;
    summaryPending = true;
    setTimeout(() => {
      summaryPending = false;
      loadSummary().catch((error) => { status.textContent = String(error); });
    }, 150);
  }

  async function start() {
    window.tickerLive = {};
    try {
      const [changes, items] = await Promise.all([loadSummary(), loadItems()]);
      if (at) {
        status.textContent = "what was known at " + at + " (not live)";
        return;
      }
      const feed = document.getElementById("feed");
      follow(base + "/items/events", "item", items, (item) => feed.insertBefore(itemLine(item), feed.firstChild));
      follow(base + "/changes/events", "change", changes, summaryChanged);
    } catch (error) {
      status.textContent = String(error);
    }
  }

  start();
})();
