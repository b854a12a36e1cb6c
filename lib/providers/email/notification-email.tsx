// The one email layout: title, the content as paragraphs, an optional action button, a footer.
import {
  Body,
  Button,
  Container,
  Head,
  Heading,
  Hr,
  Html,
  Link,
  Preview,
  Section,
  Text,
} from "@react-email/components";
import { Fragment } from "react";
import { emailChrome, type EmailChrome } from "./chrome";

export type NotificationEmailProps = {
  title: string;
  /** Paragraphs, each a list of lines; strings only, so React escapes every character of user content. */
  paragraphs: string[][];
  /** Sanitised HTML (an announcement's rendered Markdown) to show instead of the paragraphs. */
  bodyHtml?: string;
  preview: string;
  action?: { url: string; text: string };
  /** The one-click unsubscribe link of this recipient, in the footer. */
  unsubscribeUrl?: string;
  /** The recipient's Herald inbox, when the notification is there too. */
  inboxUrl?: string;
  /** The footer's words and the document's language (English by default). */
  chrome?: EmailChrome;
};

const styles = {
  body: {
    backgroundColor: "#f4f4f5",
    fontFamily: "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif",
    margin: 0,
    padding: "24px 0",
  },
  container: {
    backgroundColor: "#ffffff",
    borderRadius: "8px",
    margin: "0 auto",
    maxWidth: "560px",
    padding: "32px",
  },
  heading: { color: "#18181b", fontSize: "22px", lineHeight: "30px", margin: "0 0 16px" },
  text: { color: "#3f3f46", fontSize: "15px", lineHeight: "24px", margin: "0 0 16px" },
  button: {
    backgroundColor: "#18181b",
    borderRadius: "6px",
    color: "#ffffff",
    fontSize: "15px",
    fontWeight: 600,
    padding: "12px 20px",
    textDecoration: "none",
  },
  hr: { borderColor: "#e4e4e7", margin: "24px 0 16px" },
  footer: { color: "#a1a1aa", fontSize: "12px", lineHeight: "18px", margin: 0 },
  footerLink: { color: "#71717a", textDecoration: "underline" },
} as const;

export function NotificationEmail({
  title,
  paragraphs,
  bodyHtml,
  preview,
  action,
  unsubscribeUrl,
  inboxUrl,
  chrome = emailChrome(null),
}: NotificationEmailProps) {
  return (
    <Html lang={chrome.locale}>
      <Head />
      <Preview>{preview}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Heading as="h1" style={styles.heading}>
            {title}
          </Heading>
          {bodyHtml !== undefined && (
            // Sanitised by its producer (lib/announcements/render.ts): an allow-list of Markdown's tags.
            <div style={styles.text} dangerouslySetInnerHTML={{ __html: bodyHtml }} />
          )}
          {bodyHtml === undefined &&
            paragraphs.map((lines, i) => (
              <Text key={i} style={styles.text}>
                {lines.map((line, j) => (
                  <Fragment key={j}>
                    {j > 0 && <br />}
                    {line}
                  </Fragment>
                ))}
              </Text>
            ))}
          {action && (
            <Section style={{ margin: "8px 0 0" }}>
              <Button href={action.url} style={styles.button}>
                {action.text}
              </Button>
            </Section>
          )}
          <Hr style={styles.hr} />
          <Text style={styles.footer}>
            {chrome.sentBy}
            {inboxUrl && (
              <>
                {" · "}
                <Link href={inboxUrl} style={styles.footerLink}>
                  {chrome.viewInInbox}
                </Link>
              </>
            )}
            {unsubscribeUrl && (
              <>
                {" · "}
                <Link href={unsubscribeUrl} style={styles.footerLink}>
                  {chrome.unsubscribe}
                </Link>
              </>
            )}
          </Text>
        </Container>
      </Body>
    </Html>
  );
}
