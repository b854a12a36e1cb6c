"use client";
// The full inbox: tabs All / Unread / Archived / Announcements, type and priority filters, infinite
// scroll, multi-select actions, one row per notification (read, archive, snooze, delete), and on
// the All tab one folded row per group of notifications sharing a group_key.
import {
  Archive,
  ArchiveRestore,
  CheckCheck,
  ChevronDown,
  ChevronUp,
  Clock,
  ExternalLink,
  Mail,
  MailOpen,
  Trash2,
} from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useEffect, useId, useMemo, useRef, useState, type ReactNode } from "react";
import { Button, focusRing } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Select } from "@/components/ui/field";
import { EmptyState, ErrorState } from "@/components/ui/misc";
import { Tabs } from "@/components/ui/tabs";
import { AnnouncementsList } from "./announcements";
import {
  NOTIFICATION_PRIORITIES,
  NOTIFICATION_TYPES,
  type GroupJson,
  type ListFilters,
  type NotificationJson,
  type NotificationPriority,
  type NotificationType,
} from "./api";
import { allGroups, allRows } from "./cache";
import { actionOf, metadataEntries, shownText, snoozeChoices } from "./format";
import {
  useAnnouncements,
  useGroupList,
  useInboxActions,
  useNotificationList,
  useUnreadCount,
  type InboxActions,
} from "./hooks";
import { useInbox } from "./inbox-context";
import { ConnectionStatus } from "./live-alerts";
import {
  ActionButtons,
  AvatarOrTypeIcon,
  LoadingBlocks,
  NotificationImage,
  PriorityMark,
  RelativeTime,
  UnreadDot,
} from "./notification-parts";

type Tab = "all" | "unread" | "archived" | "announcements";

export function InboxView() {
  const t = useTranslations("inbox");
  const [tab, setTab] = useState<Tab>("all");
  const [type, setType] = useState<NotificationType | "">("");
  const [priority, setPriority] = useState<NotificationPriority | "">("");
  const unread = useUnreadCount();
  const announcements = useAnnouncements();
  const { markAllRead } = useInboxActions();
  const filters = useMemo<ListFilters>(
    () => ({
      ...(tab === "unread" ? { unreadOnly: true } : {}),
      ...(tab === "archived" ? { view: "archived" as const } : {}),
      ...(type ? { type } : {}),
      ...(priority ? { priority } : {}),
    }),
    [tab, type, priority],
  );
  const announcementsUnread = announcements.data?.unread ?? 0;

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <ConnectionStatus />
        <Button
          size="sm"
          variant="ghost"
          onClick={() => void markAllRead()}
          disabled={(unread.data ?? 0) - announcementsUnread <= 0}
          className="ml-auto"
        >
          <CheckCheck aria-hidden className="size-4" />
          {t("markAllRead")}
        </Button>
      </div>
      <Tabs<Tab>
        label={t("tabs.label")}
        value={tab}
        onChange={setTab}
        items={[
          { value: "all", label: t("tabs.all") },
          { value: "unread", label: t("tabs.unread") },
          { value: "archived", label: t("tabs.archived") },
          {
            value: "announcements",
            label:
              announcementsUnread > 0
                ? t("tabs.announcementsCount", { count: announcementsUnread })
                : t("tabs.announcements"),
          },
        ]}
      />
      <div role="tabpanel" aria-label={t(`tabs.${tab}`)}>
        {tab === "announcements" ? (
          <AnnouncementsList />
        ) : (
          <>
            <div className="mb-3 flex flex-wrap gap-3">
              <FilterSelect
                label={t("filters.type")}
                allLabel={t("filters.allTypes")}
                options={NOTIFICATION_TYPES}
                optionLabel={(o) => t(`types.${o}`)}
                value={type}
                onChange={setType}
              />
              <FilterSelect
                label={t("filters.priority")}
                allLabel={t("filters.allPriorities")}
                options={NOTIFICATION_PRIORITIES}
                optionLabel={(o) => t(`priorities.${o}`)}
                value={priority}
                onChange={setPriority}
              />
            </div>
            {/* A new list per filter set: the selection never spans lists the user cannot see. */}
            {tab === "all" ? (
              <GroupedList key={JSON.stringify(filters)} filters={filters} />
            ) : (
              <NotificationList key={JSON.stringify(filters)} filters={filters} />
            )}
          </>
        )}
      </div>
    </div>
  );
}

/** One of the list's filters: "" is every value. */
function FilterSelect<T extends string>({
  label,
  allLabel,
  options,
  optionLabel,
  value,
  onChange,
}: {
  label: string;
  allLabel: string;
  options: readonly T[];
  optionLabel: (option: T) => string;
  value: T | "";
  onChange: (value: T | "") => void;
}) {
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="text-slate-600 dark:text-slate-300">{label}</span>
      <Select value={value} onChange={(e) => onChange(e.target.value as T | "")} className="w-auto">
        <option value="">{allLabel}</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {optionLabel(o)}
          </option>
        ))}
      </Select>
    </label>
  );
}

function NotificationList({ filters }: { filters: ListFilters }) {
  const list = useNotificationList(filters);
  const rows = useMemo(() => allRows(list.data), [list.data]);
  return (
    <ListBody list={list} filters={filters} rows={rows} isEmpty={rows.length === 0}>
      {({ selected, toggle, actions }) =>
        rows.map((n) => (
          <NotificationRow
            key={n.id}
            n={n}
            selected={selected.has(n.id)}
            onSelect={() => toggle(n.id)}
            actions={actions}
          />
        ))
      }
    </ListBody>
  );
}

/** The All tab: one row per group (a folded row when it holds more than one notification). */
function GroupedList({ filters }: { filters: ListFilters }) {
  const list = useGroupList(filters);
  const groups = useMemo(() => allGroups(list.data), [list.data]);
  // Selection covers the rows shown whole; a folded row has its own group actions.
  const rows = useMemo(() => groups.filter((g) => g.count === 1).map((g) => g.latest), [groups]);
  return (
    <ListBody list={list} filters={filters} rows={rows} isEmpty={groups.length === 0}>
      {({ selected, toggle, actions }) =>
        groups.map((g) =>
          g.count === 1 ? (
            <NotificationRow
              key={g.latest.id}
              n={g.latest}
              selected={selected.has(g.latest.id)}
              onSelect={() => toggle(g.latest.id)}
              actions={actions}
            />
          ) : (
            <GroupRow key={`g:${g.group_key}`} group={g} filters={filters} actions={actions} />
          ),
        )
      }
    </ListBody>
  );
}

type ListQuery = {
  isPending: boolean;
  isError: boolean;
  error: Error | null;
  refetch: () => unknown;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
};

/** A list's frame: loading and error states, the selection toolbar, infinite scroll, the end. */
function ListBody({
  list,
  filters,
  rows,
  isEmpty,
  children,
}: {
  list: ListQuery;
  filters: ListFilters;
  /** The rows the selection toolbar acts on. */
  rows: NotificationJson[];
  isEmpty: boolean;
  children: (props: {
    selected: ReadonlySet<string>;
    toggle: (id: string) => void;
    actions: InboxActions;
  }) => ReactNode;
}) {
  const t = useTranslations("inbox");
  const actions = useInboxActions();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const chosen = rows.filter((n) => selected.has(n.id));
  const allChosen = rows.length > 0 && chosen.length === rows.length;
  const sentinel = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;

  useEffect(() => {
    const el = sentinel.current;
    if (!el || !hasNextPage) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
      },
      { rootMargin: "400px" },
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const clear = () => setSelected(new Set());

  if (list.isPending) return <LoadingBlocks label={t("loading")} heights={["h-20", "h-20", "h-20"]} />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;

  const archivedTab = filters.view === "archived";
  const emptyText = filters.unreadOnly
    ? t("empty.unread")
    : archivedTab
      ? t("empty.archived")
      : filters.type || filters.priority
        ? t("empty.filtered")
        : t("empty.all");

  return (
    <div className="flex flex-col gap-2">
      <div
        role="toolbar"
        aria-label={t("selection.label")}
        className="flex flex-wrap items-center gap-2 rounded-md border border-slate-200 bg-white px-3 py-2 dark:border-slate-700 dark:bg-slate-900"
      >
        <label className="mr-auto flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={allChosen}
            disabled={rows.length === 0}
            ref={(el) => {
              if (el) el.indeterminate = chosen.length > 0 && !allChosen;
            }}
            onChange={() => setSelected(allChosen ? new Set() : new Set(rows.map((n) => n.id)))}
            className={cn("size-4 accent-brand", focusRing)}
          />
          {chosen.length > 0 ? t("selection.count", { count: chosen.length }) : t("selection.all")}
        </label>
        <Button
          size="sm"
          disabled={chosen.length === 0}
          onClick={() => {
            void actions.setRead(chosen, true);
            clear();
          }}
        >
          <MailOpen aria-hidden className="size-3.5" />
          {t("selection.markRead")}
        </Button>
        <Button
          size="sm"
          disabled={chosen.length === 0}
          onClick={() => {
            void actions.setRead(chosen, false);
            clear();
          }}
        >
          <Mail aria-hidden className="size-3.5" />
          {t("selection.markUnread")}
        </Button>
        <Button
          size="sm"
          disabled={chosen.length === 0}
          onClick={() => {
            void actions.setArchived(chosen, !archivedTab);
            clear();
          }}
        >
          {archivedTab ? (
            <ArchiveRestore aria-hidden className="size-3.5" />
          ) : (
            <Archive aria-hidden className="size-3.5" />
          )}
          {archivedTab ? t("actions.unarchive") : t("actions.archive")}
        </Button>
        <Button
          size="sm"
          variant="danger"
          disabled={chosen.length === 0}
          onClick={() => {
            actions.remove(chosen);
            clear();
          }}
        >
          <Trash2 aria-hidden className="size-3.5" />
          {t("actions.delete")}
        </Button>
      </div>
      {isEmpty ? (
        <EmptyState title={emptyText}>{archivedTab ? t("empty.archivedHint") : t("empty.hint")}</EmptyState>
      ) : (
        <ul aria-label={t("listLabel")} className="flex flex-col gap-2">
          {children({ selected, toggle, actions })}
        </ul>
      )}
      <div ref={sentinel} className="flex justify-center py-2">
        {hasNextPage ? (
          <Button
            size="sm"
            variant="ghost"
            disabled={isFetchingNextPage}
            onClick={() => void fetchNextPage()}
          >
            {isFetchingNextPage ? t("loadingMore") : t("loadMore")}
          </Button>
        ) : !isEmpty ? (
          <p className="text-xs text-slate-500 dark:text-slate-400">{t("end")}</p>
        ) : null}
      </div>
    </div>
  );
}

/**
 * A folded group: its latest notification's title "and N more", expanding to every member (the
 * flat list of the group's key); one action marks the whole group read.
 */
function GroupRow({
  group,
  filters,
  actions,
}: {
  group: GroupJson;
  filters: ListFilters;
  actions: InboxActions;
}) {
  const t = useTranslations("inbox");
  const [open, setOpen] = useState(false);
  const membersId = useId();
  const n = group.latest;
  const text = shownText(n);
  const key = group.group_key!;
  const titleId = `g-${n.id}-title`;
  const unread = group.unread_count > 0;
  return (
    <li
      aria-labelledby={titleId}
      data-group-key={key}
      className={cn(
        "flex flex-col gap-2 rounded-lg border p-3 sm:p-4",
        unread
          ? "border-indigo-200 bg-white dark:border-indigo-900 dark:bg-slate-900"
          : "border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-900/50",
      )}
    >
      <div className="flex gap-3">
        <AvatarOrTypeIcon n={n} className="max-sm:hidden" />
        <div className="flex min-w-0 flex-1 flex-col gap-1">
          <RowText
            n={n}
            titleId={titleId}
            unread={unread}
            title={t("group.title", { title: text.title, count: group.count - 1 })}
            content={text.content}
          >
            <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-700 dark:bg-slate-800 dark:text-slate-200">
              {t("group.count", { count: group.count })}
              {unread ? ` · ${t("group.unreadCount", { count: group.unread_count })}` : null}
            </span>
          </RowText>
          <div className="mt-1 flex flex-wrap items-center gap-2">
            <Button
              size="sm"
              variant="ghost"
              aria-expanded={open}
              aria-controls={open ? membersId : undefined}
              onClick={() => setOpen(!open)}
            >
              {open ? (
                <ChevronUp aria-hidden className="size-3.5" />
              ) : (
                <ChevronDown aria-hidden className="size-3.5" />
              )}
              {open ? t("group.collapse") : t("group.expand", { count: group.count })}
            </Button>
            <Button
              size="sm"
              variant="ghost"
              disabled={!unread}
              onClick={() => void actions.markGroupRead(key, group.unread_count)}
            >
              <CheckCheck aria-hidden className="size-3.5" />
              {t("group.markRead")}
            </Button>
          </div>
        </div>
      </div>
      {open ? <GroupMembers id={membersId} groupKey={key} title={text.title} filters={filters} /> : null}
    </li>
  );
}

/** An expanded group's members, newest first, each a full row. */
function GroupMembers({
  id,
  groupKey,
  title,
  filters,
}: {
  id: string;
  groupKey: string;
  title: string;
  filters: ListFilters;
}) {
  const t = useTranslations("inbox");
  const memberFilters = useMemo(() => ({ ...filters, groupKey }), [filters, groupKey]);
  const list = useNotificationList(memberFilters);
  const actions = useInboxActions();
  const rows = allRows(list.data);
  if (list.isPending) return <LoadingBlocks label={t("loading")} heights={["h-16", "h-16"]} />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <div id={id} className="flex flex-col gap-2 sm:pl-11">
      <ul aria-label={t("group.members", { title })} className="flex flex-col gap-2">
        {rows.map((n) => (
          <NotificationRow key={n.id} n={n} actions={actions} />
        ))}
      </ul>
      {list.hasNextPage ? (
        <Button
          size="sm"
          variant="ghost"
          className="self-center"
          disabled={list.isFetchingNextPage}
          onClick={() => void list.fetchNextPage()}
        >
          {list.isFetchingNextPage ? t("loadingMore") : t("loadMore")}
        </Button>
      ) : null}
    </div>
  );
}

function NotificationRow({
  n,
  selected = false,
  onSelect,
  actions,
}: {
  n: NotificationJson;
  selected?: boolean;
  /** Omitted: the row has no selection box (a member of an expanded group). */
  onSelect?: () => void;
  actions: InboxActions;
}) {
  const t = useTranslations("inbox");
  const { follow, embedded, interacted } = useInbox();
  const unread = !n.read_at;
  const link = actionOf(
    n,
    typeof window === "undefined" ? "http://localhost" : window.location.origin,
    t("open"),
  );
  const details = metadataEntries(n.metadata);
  const text = shownText(n);
  const titleId = `n-${n.id}-title`;
  const linkClass = cn(
    "inline-flex items-center gap-1 rounded-md bg-brand px-2.5 py-1 text-xs font-medium text-white hover:bg-brand-dark",
    focusRing,
  );

  return (
    <li
      aria-labelledby={titleId}
      data-notification-id={n.id}
      className={cn(
        "flex gap-3 rounded-lg border p-3 sm:p-4",
        unread
          ? "border-indigo-200 bg-white dark:border-indigo-900 dark:bg-slate-900"
          : "border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-900/50",
      )}
    >
      {onSelect ? (
        <input
          type="checkbox"
          aria-label={t("row.select", { title: text.title })}
          checked={selected}
          onChange={onSelect}
          className={cn("mt-2 size-4 shrink-0 accent-brand", focusRing)}
        />
      ) : null}
      <AvatarOrTypeIcon n={n} className="max-sm:hidden" />
      <div className="flex min-w-0 flex-1 flex-col gap-1">
        <RowText n={n} titleId={titleId} unread={unread} title={text.title} content={text.content} />
        <NotificationImage n={n} title={text.title} />
        <ActionButtons
          n={n}
          title={text.title}
          onClicked={() => {
            if (unread) void actions.setRead([n], true);
          }}
        />
        {details.length > 0 ? (
          <details className="text-xs text-slate-600 dark:text-slate-400">
            <summary className={cn("w-fit cursor-pointer rounded select-none", focusRing)}>
              {t("row.details")}
            </summary>
            <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5">
              {details.map(([k, v]) => (
                <div key={k} className="contents">
                  <dt className="font-medium">{k}</dt>
                  <dd className="min-w-0 font-mono break-all">{v}</dd>
                </div>
              ))}
            </dl>
          </details>
        ) : null}
        <div className="mt-1 flex flex-wrap items-center gap-2">
          {link ? (
            link.external || embedded ? (
              <a
                href={link.href}
                target={link.external ? "_blank" : undefined}
                rel="noopener noreferrer"
                onClick={(e) => {
                  interacted(n.id);
                  if (unread) void actions.setRead([n], true);
                  if (embedded) {
                    e.preventDefault();
                    follow(link);
                  }
                }}
                className={linkClass}
              >
                {link.text}
                {link.external ? <ExternalLink aria-hidden className="size-3" /> : null}
              </a>
            ) : (
              <Link
                href={link.href}
                onClick={() => {
                  interacted(n.id);
                  if (unread) void actions.setRead([n], true);
                }}
                className={linkClass}
              >
                {link.text}
              </Link>
            )
          ) : null}
          <Button size="sm" variant="ghost" onClick={() => void actions.setRead([n], unread)}>
            {unread ? (
              <MailOpen aria-hidden className="size-3.5" />
            ) : (
              <Mail aria-hidden className="size-3.5" />
            )}
            {unread ? t("actions.markRead") : t("actions.markUnread")}
          </Button>
          <Button
            size="sm"
            variant="ghost"
            onClick={() => void actions.setArchived([n], n.archived_at === null)}
            aria-label={
              n.archived_at === null
                ? t("row.archive", { title: text.title })
                : t("row.unarchive", { title: text.title })
            }
          >
            {n.archived_at === null ? (
              <Archive aria-hidden className="size-3.5" />
            ) : (
              <ArchiveRestore aria-hidden className="size-3.5" />
            )}
            {n.archived_at === null ? t("actions.archive") : t("actions.unarchive")}
          </Button>
          {n.archived_at === null ? (
            <SnoozeMenu title={text.title} onChoose={(until) => void actions.snooze([n], until)} />
          ) : null}
          <Button
            size="sm"
            variant="ghost"
            onClick={() => actions.remove([n])}
            aria-label={t("row.delete", { title: text.title })}
          >
            <Trash2 aria-hidden className="size-3.5" />
            {t("actions.delete")}
          </Button>
        </div>
      </div>
    </li>
  );
}

/** "Snooze" and its small menu of times; Escape or a click elsewhere closes it. */
function SnoozeMenu({ title, onChoose }: { title: string; onChoose: (until: Date) => void }) {
  const t = useTranslations("inbox.snooze");
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const menuId = useId();
  useEffect(() => {
    if (!open) return;
    const outside = (e: PointerEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", outside);
    return () => document.removeEventListener("pointerdown", outside);
  }, [open]);
  return (
    <div
      ref={root}
      className="relative"
      onKeyDown={(e) => {
        if (e.key === "Escape") setOpen(false);
      }}
    >
      <Button
        size="sm"
        variant="ghost"
        aria-label={t("button", { title })}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen(!open)}
      >
        <Clock aria-hidden className="size-3.5" />
        {t("label")}
      </Button>
      {open ? (
        <ul
          id={menuId}
          role="menu"
          aria-label={t("menu", { title })}
          className="absolute z-10 mt-1 flex w-40 flex-col rounded-md border border-slate-200 bg-white p-1 shadow-lg dark:border-slate-700 dark:bg-slate-900"
        >
          {snoozeChoices(new Date()).map((choice) => (
            <li key={choice.id} role="none">
              <button
                type="button"
                role="menuitem"
                onClick={() => {
                  setOpen(false);
                  onChoose(choice.until);
                }}
                className={cn(
                  "w-full rounded px-2 py-1.5 text-left text-sm hover:bg-slate-100 dark:hover:bg-slate-800",
                  focusRing,
                )}
              >
                {t(choice.id)}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** A row's heading line (unread dot, title, what `children` add, priority, time) and its text. */
function RowText({
  n,
  titleId,
  unread,
  title,
  content,
  children,
}: {
  n: NotificationJson;
  titleId: string;
  unread: boolean;
  title: string;
  content: string;
  children?: ReactNode;
}) {
  return (
    <>
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <UnreadDot unread={unread} />
        <h3
          id={titleId}
          className={cn("min-w-0 text-sm break-words", unread ? "font-semibold" : "font-medium")}
        >
          {title}
        </h3>
        {children}
        <PriorityMark priority={n.priority} />
        <span className="ml-auto">
          <RelativeTime iso={n.created_at} />
        </span>
      </div>
      <p className="text-sm break-words whitespace-pre-line text-slate-700 dark:text-slate-300">{content}</p>
    </>
  );
}
