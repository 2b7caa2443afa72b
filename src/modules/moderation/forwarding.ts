import type { AppContext } from '../../context';
import { createRegistry, type Registry } from '../../lib/registry';

/** A report about an account of another server, which its reporter asked to send there too. */
export type ForwardedReport = { accountId: string; statusIds: string[]; comment: string };

/**
 * Who can send a report to the reported account's own server (federation, as a `Flag` from the
 * server itself, never naming the reporter). `forward` answers whether it will be sent.
 */
export type ReportForwarder = { name: string; forward(app: AppContext, report: ForwardedReport): Promise<boolean> };
export const reportForwarders: Registry<ReportForwarder> = createRegistry<ReportForwarder>();

/** True when some forwarder took the report. */
export async function forwardReport(app: AppContext, report: ForwardedReport): Promise<boolean> {
  let forwarded = false;
  for (const f of reportForwarders.list()) if (await f.forward(app, report)) forwarded = true;
  return forwarded;
}
