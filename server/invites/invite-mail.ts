// Mails an invite link when SMTP_URL is configured (nodemailer). Optional: the link is shown to the admin in
// any case, so a failed mail is reported beside it, never a failed invite.

interface InviteMail {
  to: string;
  url: string;
  invitedBy: string;
  role: string;
}

export async function mailInvite(smtp: { url: string; from: string }, mail: InviteMail): Promise<{ ok: true } | { ok: false; error: string }> {
  const { default: nodemailer } = await import("nodemailer"); // loaded by the first mail, not with the server
  const transport = nodemailer.createTransport(smtp.url);
  try {
    await transport.sendMail({
      from: smtp.from,
      to: mail.to,
      subject: `${mail.invitedBy} invited you to Sidetext`,
      text: `${mail.invitedBy} invited you to join your team's shared SMS inbox on Sidetext as ${mail.role === "agent" ? "an agent" : `an ${mail.role}`}.\n\nOpen this link to choose your name and password:\n${mail.url}\n\nThe link works once.`,
    });
    return { ok: true };
  } catch (err) {
    return { ok: false, error: `The invite could not be mailed (${(err as Error).message}); hand over the link instead` };
  } finally {
    transport.close();
  }
}
