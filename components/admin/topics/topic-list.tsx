"use client";
// The topics list: search by key or name, create a topic (its key is the triggers' name for it),
// delete one with its subscriptions.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createColumnHelper } from "@tanstack/react-table";
import { Plus, Trash2 } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { Button, focusRing } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Field, Input } from "@/components/ui/field";
import { Card } from "@/components/ui/misc";
import { ApiError, apiFetch } from "@/lib/http/api-client";
import { FailureMessage } from "@/components/admin/shared/failure-message";
import { errorAt, setApiErrors } from "@/components/admin/shared/form-errors";
import { PagedTable } from "@/components/admin/shared/paged-table";
import { SearchBox } from "@/components/admin/shared/page-parts";
import { useDebounced } from "@/components/admin/shared/use-debounced";
import { useFormatTime } from "@/components/admin/shared/use-format";
import {
  TOPICS_API,
  topicPath,
  topicResolver,
  type TopicForm,
  type TopicJson,
  type TopicPage,
} from "./model";

const PAGE_SIZE = 20;
export const TOPICS_KEY = ["admin", "topics"] as const;
const col = createColumnHelper<TopicJson>();

export function TopicList() {
  const tr = useTranslations("topics");
  const formatTime = useFormatTime();
  const router = useRouter();
  const qc = useQueryClient();
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(1);
  const [deleting, setDeleting] = useState<TopicJson | null>(null);
  const term = useDebounced(search.trim(), 250);
  const query = useQuery({
    queryKey: [...TOPICS_KEY, { term, page }],
    queryFn: () => apiFetch<TopicPage>(TOPICS_API, { query: { q: term, page, page_size: PAGE_SIZE } }),
    placeholderData: keepPreviousData,
  });
  const data = query.data;

  const remove = useMutation({
    mutationFn: (t: TopicJson) => apiFetch<null>(topicPath(t.key), { method: "DELETE" }),
    onSuccess: (_, t) => {
      toast.success(tr("deleted", { key: t.key }));
      setDeleting(null);
      void qc.invalidateQueries({ queryKey: TOPICS_KEY });
    },
    onError: (err) => toast.error(err instanceof Error ? err.message : tr("deleteFailed")),
  });

  const columns = useMemo(
    () => [
      col.accessor("name", {
        header: tr("list.columns.topic"),
        cell: (c) => (
          <>
            <Link
              href={`/admin/topics/${encodeURIComponent(c.row.original.key)}`}
              onClick={(e) => e.stopPropagation()}
              className={cn("font-medium text-brand hover:underline dark:text-indigo-300", focusRing)}
            >
              {c.getValue()}
            </Link>
            <div className="font-mono text-xs text-slate-500 dark:text-slate-400">{c.row.original.key}</div>
          </>
        ),
      }),
      col.accessor("updated_at", {
        header: tr("list.columns.updated"),
        cell: (c) => <time dateTime={c.getValue()}>{formatTime(c.getValue())}</time>,
      }),
      col.display({
        id: "actions",
        header: () => <span className="sr-only">{tr("list.columns.actions")}</span>,
        cell: (c) => (
          <Button
            size="sm"
            variant="ghost"
            aria-label={tr("list.deleteKey", { key: c.row.original.key })}
            onClick={(e) => {
              e.stopPropagation();
              setDeleting(c.row.original);
            }}
          >
            <Trash2 className="size-4" aria-hidden />
          </Button>
        ),
      }),
    ],
    [tr, formatTime],
  );

  return (
    <main className="mx-auto flex max-w-5xl flex-col gap-4 px-4 py-6 sm:px-6">
      <div>
        <h1 className="text-2xl font-semibold">{tr("title")}</h1>
        <p className="text-sm text-slate-600 dark:text-slate-300">{tr("list.description")}</p>
      </div>

      <CreateTopic onCreated={(t) => router.push(`/admin/topics/${encodeURIComponent(t.key)}`)} />

      <SearchBox
        label={tr("list.searchLabel")}
        placeholder={tr("list.searchPlaceholder")}
        className="max-w-xl"
        value={search}
        onChange={(v) => {
          setSearch(v);
          setPage(1);
        }}
      />

      <PagedTable
        query={query}
        rows={data?.topics}
        caption={tr("title")}
        columns={columns}
        onOpen={(t) => router.push(`/admin/topics/${encodeURIComponent(t.key)}`)}
        rowLabel={(t) => `${t.name} (${t.key})`}
        empty={{
          title: term ? tr("list.emptySearchTitle") : tr("list.emptyTitle"),
          text: term ? tr("list.emptySearchText") : tr("list.emptyText"),
        }}
        noun={tr("list.noun")}
        onPage={setPage}
      />

      <ConfirmDialog
        open={deleting !== null}
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate(deleting)}
        busy={remove.isPending}
        title={tr("deleteTitle", { key: deleting?.key ?? "" })}
        description={tr("deleteText")}
      />
    </main>
  );
}

function CreateTopic({ onCreated }: { onCreated: (t: TopicJson) => void }) {
  const tr = useTranslations("topics");
  const qc = useQueryClient();
  const { register, handleSubmit, setError, formState } = useForm<TopicForm>({
    defaultValues: { key: "", name: "" },
    resolver: topicResolver,
  });
  const create = useMutation({
    mutationFn: async (form: TopicForm) => {
      const key = form.key.trim();
      // PUT renames a topic that exists: creating must not rename someone else's by accident.
      const existing = await apiFetch<TopicJson>(topicPath(key)).catch((err: unknown) => {
        if (err instanceof ApiError && err.status === 404) return null;
        throw err;
      });
      if (existing)
        throw new ApiError(409, tr("create.notCreated"), [{ field: "key", message: tr("create.keyTaken") }]);
      return apiFetch<TopicJson>(topicPath(key), { method: "PUT", body: { name: form.name } });
    },
    onSuccess: (t) => {
      toast.success(tr("create.created", { key: t.key }));
      void qc.invalidateQueries({ queryKey: TOPICS_KEY });
      onCreated(t);
    },
    onError: (err) => setApiErrors(err, setError),
  });
  return (
    <Card>
      <form
        aria-label={tr("create.formLabel")}
        className="flex flex-wrap items-start gap-3"
        onSubmit={handleSubmit((form) => create.mutate(form))}
      >
        <Field
          label={tr("create.key")}
          className="min-w-48 flex-1"
          hint={tr("create.keyHint")}
          error={errorAt(formState.errors, "key")}
        >
          {(p) => (
            <Input
              {...p}
              className="font-mono"
              placeholder={tr("create.keyPlaceholder")}
              {...register("key")}
            />
          )}
        </Field>
        <Field
          label={tr("create.name")}
          className="min-w-48 flex-1"
          error={errorAt(formState.errors, "name")}
        >
          {(p) => <Input {...p} placeholder={tr("create.namePlaceholder")} {...register("name")} />}
        </Field>
        <Button type="submit" variant="primary" className="mt-6" disabled={create.isPending}>
          <Plus className="size-4" aria-hidden />{" "}
          {create.isPending ? tr("create.creating") : tr("create.submit")}
        </Button>
        <FailureMessage error={create.error} className="w-full" />
      </form>
    </Card>
  );
}
