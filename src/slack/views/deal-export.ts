import { type MessageView, privateNotice } from "./messages.ts";

export function exportDoneMessage(count: number): MessageView {
  const deals = count === 1 ? "1 deal" : `${count.toLocaleString("en-US")} deals`;
  return privateNotice(`:outbox_tray: Your export (${deals}, CSV) is in your DM with Handoff.`);
}

export function exportEmptyMessage(title: string): MessageView {
  return privateNotice(`Nothing to export: ${title.charAt(0).toLowerCase()}${title.slice(1)} has no deals.`);
}
