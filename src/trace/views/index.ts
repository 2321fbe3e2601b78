import { traceToJson } from '../json';
import type { Trace } from '../types';
import { renderSvg } from '../../report/svg';
import { renderDetailed } from './detailed';
import { renderMinimal } from './minimal';
import { renderSummary } from './summary';

export const VIEWS = ['minimal', 'summary', 'detailed', 'json', 'svg'] as const;
export type ViewName = (typeof VIEWS)[number];

export function renderTrace(t: Trace, view: ViewName): string {
  switch (view) {
    case 'minimal': return renderMinimal(t);
    case 'summary': return renderSummary(t);
    case 'detailed': return renderDetailed(t);
    case 'json': return JSON.stringify(traceToJson(t), null, 2);
    case 'svg': return renderSvg(t);
  }
}

export { renderDetailed, renderMinimal, renderSummary };
