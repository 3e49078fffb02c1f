import type { EmailContent } from '../notifications/index.js';

export interface WaitingReturn {
  readonly returnId: string;
  readonly groupName: string;
  readonly periodLabel: string;
  readonly fileName: string;
  readonly rowCount: number;
}

/** To the group's other members: a return needs a second person's sign-off before it counts. */
export function signOffRequestedEmail(ret: WaitingReturn, url: string): EmailContent {
  return {
    subject: `${ret.groupName}: ${ret.periodLabel} return needs your sign-off`,
    paragraphs: [
      `A return for ${ret.periodLabel} from ${ret.groupName} is waiting for a second person of the group to sign it off.`,
      `It is ${ret.fileName}, with ${ret.rowCount} value${ret.rowCount === 1 ? '' : 's'}. Until it is signed off, the exceptions and the papers do not use it.`,
      'Check the figures, then sign it off, or send it back with the reason.',
    ],
    link: { text: 'Check the return', url },
  };
}
