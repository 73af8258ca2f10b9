// Charts and tables from report rows. Every value from the API reaches the page through
// textContent or ECharts' canvas (the tooltip is drawn as rich text, not HTML), never as markup.

import { addDecimals, formatCount, heading, isDecimalField } from './numbers.js';

const HIDDEN_COLUMNS = new Set(['agent_id', 'project_id', 'workspace_id', 'runtime_id']);
const STANDINS = {
  agent_name: (row) => row.agent_id,
  project_title: () => '(no project)',
  runtime_name: (row) => row.runtime_id,
};

/**
 * A stacked bar per x value (date or week), one series per provider and model. The x values are
 * the whole range, so a day without usage shows as an empty slot, not a missing one.
 */
export function stackedChart(element, rows, xKey, xValues, measure, unit) {
  const chart = echarts.getInstanceByDom(element) || echarts.init(element, null, { renderer: 'canvas' });
  const slot = new Map(xValues.map((x, i) => [x, i]));
  const byModel = new Map();
  for (const row of rows) {
    const name = `${row.provider} / ${row.model}`;
    if (!byModel.has(name)) {
      byModel.set(name, xValues.map(() => 0));
    }
    byModel.get(name)[slot.get(row[xKey])] += measure(row);
  }
  const series = [...byModel.keys()].sort().map((name) => ({
    name, type: 'bar', stack: 'usage', data: byModel.get(name), emphasis: { focus: 'series' },
  }));
  chart.setOption({
    animation: false,
    aria: { enabled: true },
    tooltip: { trigger: 'axis', renderMode: 'richText', confine: true },
    legend: { type: 'scroll', top: 0 },
    grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: xValues },
    yAxis: { type: 'value', name: unit },
    series,
  }, true);
  return chart;
}

export function clearChart(element) {
  echarts.getInstanceByDom(element)?.dispose();
}

/** The rows as a table with a totals row; columns follow the rows' fields, so new fields appear. */
export function usageTable(container, rows, caption) {
  container.replaceChildren();
  if (rows.length === 0) {
    container.append(paragraph('No usage in this range.'));
    return;
  }
  const columns = [];
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      if (!HIDDEN_COLUMNS.has(key) && !columns.includes(key)) {
        columns.push(key);
      }
    }
  }
  const numeric = (key) => rows.every((row) => row[key] === undefined || row[key] === null || typeof row[key] === 'number');
  const summed = columns.map((key) => {
    if (isDecimalField(key)) {
      return addDecimals(rows.map((row) => row[key]));
    }
    return numeric(key) ? formatCount(rows.reduce((sum, row) => sum + (row[key] || 0), 0)) : null;
  });

  const table = document.createElement('table');
  const captionElement = table.createCaption();
  captionElement.textContent = caption;
  captionElement.className = 'note';
  const head = table.createTHead().insertRow();
  columns.forEach((key, i) => head.append(cell('th', heading(key), summed[i] !== null)));
  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    columns.forEach((key, i) => {
      const value = row[key] ?? STANDINS[key]?.(row) ?? '';
      tr.append(cell('td', typeof value === 'number' ? formatCount(value) : String(value), summed[i] !== null));
    });
  }
  const foot = table.createTFoot().insertRow();
  columns.forEach((key, i) => foot.append(cell('td', i === 0 ? 'Total' : summed[i] ?? '', summed[i] !== null)));
  container.append(table);
}

function cell(tag, text, isNumber) {
  const element = document.createElement(tag);
  element.textContent = text;
  if (isNumber) {
    element.className = 'number';
  }
  if (tag === 'th') {
    element.scope = 'col';
  }
  return element;
}

function paragraph(text) {
  const p = document.createElement('p');
  p.className = 'note';
  p.textContent = text;
  return p;
}
