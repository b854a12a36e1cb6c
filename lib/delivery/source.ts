// What a claimed delivery sends on behalf of. Each kind carries its own content and status; the
// delivery's own facts and its recipient are common, so a new kind (a workflow step) adds a member.
import type { WorkflowStepMessage } from "../db/schema/workflow-runs";
import type {
  NotificationPriority,
  NotificationStatus,
  NotificationType,
  WorkflowRunStatus,
} from "../vocabulary/enums";
import type { ExternalChannel } from "../providers/types";

export type Recipient = {
  id: string;
  externalId: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  wechatOpenid: string | null;
  /** The user's chat destinations, sealed (lib/chat/store opens them). */
  chatEncrypted?: string | null;
  locale: string | null;
  timezone: string | null;
  deletedAt: Date | null;
};

/** The provider of the chain the delivery is on, and the attempts made on it (this one excluded). */
export type ProviderRoute = { name: string | null; integrationId: string | null; attempts: number };

type ClaimedDelivery = {
  /** The delivery row's id. */
  id: string;
  tenantId: string;
  channel: ExternalChannel;
  /** Attempts so far, this one included. */
  attempts: number;
  route: ProviderRoute;
  createdAt: Date;
  /** A chat delivery's named chat targets (keys); empty for every other. */
  chatTargets?: string[];
  recipient: Recipient;
};

export type NotificationSource = ClaimedDelivery & {
  kind: "notification";
  notificationId: string;
  notification: {
    type: NotificationType;
    title: string;
    content: string;
    metadata: Record<string, unknown>;
    priority: NotificationPriority;
    status: NotificationStatus;
    channels: string[];
    deletedAt: Date | null;
    scheduledAt: Date | null;
    templateId: string | null;
    templateVersion: number | null;
    templateParams: Record<string, unknown> | null;
  };
};

/** An announcement's extra channel: no notification row, so nothing to settle. */
export type AnnouncementSource = ClaimedDelivery & {
  kind: "announcement";
  announcementId: string;
  announcement: {
    title: string;
    content: string;
    severity: string;
    status: string;
    expiresAt: Date | null;
    deletedAt: Date | null;
  };
};

/** A workflow run's external channel step: its message was rendered when the step ran. */
export type WorkflowSource = ClaimedDelivery & {
  kind: "workflow";
  workflowRunId: string;
  stepId: string;
  workflow: {
    runStatus: WorkflowRunStatus;
    /** The run's workflow version is critical: it goes out as an urgent send does. */
    critical: boolean;
    /** The workflow's key and category, which the recipient's preferences may name. */
    key: string;
    category: string | null;
    message: WorkflowStepMessage;
  };
};

export type DeliverySource = NotificationSource | AnnouncementSource | WorkflowSource;
