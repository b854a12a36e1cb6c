"use client";
// One topic: rename it, delete it, and its subscribers — a cursor-paged list with remove, and users
// added by search, pasted ids or a CSV column (the send composer's picker), subscribed on confirm.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createColumnHelper } from "@tanstack/react-table";
import { Trash2, UserPlus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Field, Input } from "@/components/ui/field";
import { LoadMore } from "@/components/ui/load-more";
import { Card, EmptyState, ErrorState, Skeleton } from "@/components/ui/misc";
import { ApiError, apiFetch } from "@/lib/http/api-client";
import { DataTable } from "@/components/admin/shared/data-table";
import { BackLink, PageError } from "@/components/admin/shared/page-parts";
import { FailureMessage } from "@/components/admin/shared/failure-message";
import { errorAt, setApiErrors } from "@/components/admin/shared/form-errors";
import type { UserJson } from "@/components/admin/shared/types";
import { useCursorList } from "@/components/admin/shared/use-cursor-list";
import { RecipientPicker } from "@/components/admin/send/recipient-picker";
import {
  subscribe,
  subscribersPath,
  topicPath,
  topicResolver,
  type TopicForm,
  type TopicJson,
} from "./model";
import { TOPICS_KEY } from "./topic-list";

const col = createColumnHelper<UserJson>();

export function TopicDetail({ topicKey }: { topicKey: string }) {
  const query = useQuery({
    queryKey: [...TOPICS_KEY, "one", topicKey],
    queryFn: () => apiFetch<TopicJson>(topicPath(topicKey)),
  });
  if (query.isPending)
    return (
      <main className="mx-auto flex max-w-5xl flex-col gap-4 px-4 py-6 sm:px-6">
        <Skeleton className="h-8 w-64" />
        <Skeleton className="h-72 w-full" />
      </main>
    );
  if (query.isError) return <PageError error={query.error} onRetry={() => void query.refetch()} />;
  return <Topic topic={query.data} />;
}

function Topic({ topic }: { topic: TopicJson }) {
  const t = useTranslations("topics");
  const router = useRouter();
  const qc = useQueryClient();
  const [deleting, setDeleting] = useState(false);
  const remove = useMutation({
    mutationFn: () => apiFetch<null>(topicPath(topic.key), { method: "DELETE" }),
    onSuccess: () => {
      toast.success(t("deleted", { key: topic.key }));
      void qc.invalidateQueries({ queryKey: TOPICS_KEY });
      router.push("/admin/topics");
    },
    onError: (err) => {
      setDeleting(false);
      toast.error(err instanceof Error ? err.message : t("deleteFailed"));
    },
  });

  return (
    <main className="mx-auto flex max-w-5xl flex-col gap-4 px-4 py-6 sm:px-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex min-w-0 flex-col gap-1">
          <BackLink href="/admin/topics">{t("title")}</BackLink>
          <h1 className="truncate text-2xl font-semibold">{topic.name}</h1>
          <code className="font-mono text-sm text-slate-600 dark:text-slate-300">{topic.key}</code>
        </div>
        <Button variant="ghost" onClick={() => setDeleting(true)}>
          <Trash2 className="size-4" aria-hidden /> {t("detail.delete")}
        </Button>
      </div>
      <Rename topic={topic} />
      <Subscribers topicKey={topic.key} />
      <ConfirmDialog
        open={deleting}
        onCancel={() => setDeleting(false)}
        onConfirm={() => remove.mutate()}
        busy={remove.isPending}
        title={t("deleteTitle", { key: topic.key })}
        description={t("deleteText")}
      />
    </main>
  );
}

function Rename({ topic }: { topic: TopicJson }) {
  const t = useTranslations("topics.detail");
  const qc = useQueryClient();
  const { register, handleSubmit, setError, formState, reset } = useForm<TopicForm>({
    defaultValues: { key: topic.key, name: topic.name },
    resolver: topicResolver,
  });
  const rename = useMutation({
    mutationFn: (form: TopicForm) =>
      apiFetch<TopicJson>(topicPath(topic.key), { method: "PUT", body: { name: form.name } }),
    onSuccess: (renamed) => {
      toast.success(t("renamed"));
      qc.setQueryData([...TOPICS_KEY, "one", renamed.key], renamed);
      void qc.invalidateQueries({ queryKey: TOPICS_KEY });
      reset({ key: renamed.key, name: renamed.name });
    },
    onError: (err) => setApiErrors(err, setError),
  });
  return (
    <Card>
      <form
        aria-label={t("renameLabel")}
        className="flex flex-wrap items-start gap-3"
        onSubmit={handleSubmit((form) => rename.mutate(form))}
      >
        <Field label={t("name")} className="min-w-64 flex-1" error={errorAt(formState.errors, "name")}>
          {(p) => <Input {...p} {...register("name")} />}
        </Field>
        <Button type="submit" className="mt-6" disabled={rename.isPending || !formState.isDirty}>
          {rename.isPending ? t("saving") : t("rename")}
        </Button>
        <FailureMessage error={rename.error} className="w-full" />
      </form>
    </Card>
  );
}

function Subscribers({ topicKey }: { topicKey: string }) {
  const t = useTranslations("topics.subscribers");
  const qc = useQueryClient();
  const path = subscribersPath(topicKey);
  const list = useCursorList<UserJson, "subscribers">(path, "subscribers", {}, { pageSize: 50 });
  const [staged, setStaged] = useState<string[]>([]);
  const refresh = () => void qc.invalidateQueries({ queryKey: [path] });

  const add = useMutation({
    mutationFn: (ids: string[]) => subscribe(topicKey, ids),
    onSuccess: (r) => {
      toast.success(
        r.already
          ? t("addedWithAlready", { count: r.added, already: r.already })
          : t("added", { count: r.added }),
      );
      setStaged([]);
      refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (userId: string) =>
      apiFetch<{ removed: number }>(path, { method: "DELETE", body: { user_ids: [userId] } }),
    onSuccess: (_, userId) => {
      toast.success(t("unsubscribed", { user: userId }));
      refresh();
    },
    onError: (err) => toast.error(err instanceof Error ? err.message : t("unsubscribeFailed")),
  });

  const columns = useMemo(
    () => [
      col.accessor("user_id", { header: t("columns.userId"), cell: (c) => <code>{c.getValue()}</code> }),
      col.accessor("name", { header: t("columns.name"), cell: (c) => c.getValue() ?? "—" }),
      col.accessor("email", { header: t("columns.email"), cell: (c) => c.getValue() ?? "—" }),
      col.display({
        id: "actions",
        header: () => <span className="sr-only">{t("columns.actions")}</span>,
        cell: (c) => (
          <Button
            size="sm"
            variant="ghost"
            aria-label={t("unsubscribeLabel", { user: c.row.original.user_id })}
            disabled={remove.isPending}
            onClick={() => remove.mutate(c.row.original.user_id)}
          >
            <Trash2 className="size-4" aria-hidden /> {t("remove")}
          </Button>
        ),
      }),
    ],
    [remove, t],
  );

  return (
    <>
      <Card className="flex flex-col gap-3">
        <div>
          <h2 className="font-semibold">{t("addTitle")}</h2>
          <p className="text-sm text-slate-600 dark:text-slate-300">{t("addText")}</p>
        </div>
        <RecipientPicker recipients={staged} onChange={setStaged} />
        <div className="flex flex-wrap items-center gap-2">
          <Button
            variant="primary"
            disabled={staged.length === 0 || add.isPending}
            onClick={() => add.mutate(staged)}
          >
            <UserPlus className="size-4" aria-hidden />
            {add.isPending ? t("subscribing") : t("subscribe", { count: staged.length })}
          </Button>
          {add.error ? (
            <p role="alert" className="text-sm text-red-600 dark:text-red-400">
              {add.error.message}
              {add.error instanceof ApiError
                ? add.error.errors
                    .slice(0, 3)
                    .map((e) => ` ${e.field} ${e.message}.`)
                    .join("")
                : null}
            </p>
          ) : null}
        </div>
      </Card>

      <section aria-labelledby="subscribers-heading" className="flex flex-col gap-2">
        <h2 id="subscribers-heading" className="font-semibold">
          {t("title")}
        </h2>
        {list.isError && list.rows.length === 0 ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : list.isPending ? (
          <Skeleton className="h-32 w-full" />
        ) : list.rows.length === 0 ? (
          <EmptyState title={t("emptyTitle")}>{t("emptyText")}</EmptyState>
        ) : (
          <div aria-busy={list.isFetching}>
            <DataTable caption={t("title")} data={list.rows} columns={columns} />
          </div>
        )}
        <LoadMore
          hasNextPage={list.hasNextPage}
          isFetchingNextPage={list.isFetchingNextPage}
          fetchNextPage={list.fetchNextPage}
        />
      </section>
    </>
  );
}
