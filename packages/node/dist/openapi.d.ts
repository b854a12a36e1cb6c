export interface paths {
    "/api/v1/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List notifications
         * @description Offset pages by default (`page`, `page_size`); give `cursor` (an empty one for the first page) for keyset pages that stay stable while new notifications arrive.
         *
         *     Any caller: an end user sees their own rows; an API key without `X-User-Id` (scope `notifications:read` or `notifications:send`) or an admin with `scope=tenant` sees the tenant's.
         */
        get: operations["listNotifications"];
        put?: never;
        /**
         * Send a notification to up to 10 000 users
         * @description Writes one notification per distinct recipient (unknown user ids are created). Give `title`, `content` and `type`, or a `template_code` with its `params` (rendered per recipient; `type` and `channels` default to the template's; an unknown or inactive template, or a missing required variable, is a 400). A future `schedule_at` holds the batch until then.
         *
         *     For services: an API key, or an admin session. API keys need the `notifications:send` scope (or `admin`).
         */
        post: operations["sendNotifications"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get one notification
         * @description Any caller: an end user sees their own rows; an API key without `X-User-Id` (scope `notifications:read` or `notifications:send`) or an admin with `scope=tenant` sees the tenant's.
         */
        get: operations["getNotification"];
        put?: never;
        post?: never;
        /**
         * Delete one of your notifications
         * @description Acts for one end user: a subscriber token, a session, or an API key with `X-User-Id` (which needs the `users:impersonate` scope).
         */
        delete: operations["deleteNotification"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/{id}/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Mark a notification read
         * @description Idempotent: marking a read notification read again changes nothing.
         *
         *     Acts for one end user: a subscriber token, a session, or an API key with `X-User-Id` (which needs the `users:impersonate` scope).
         */
        put: operations["markNotificationRead"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/{id}/unread": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Mark a notification unread
         * @description Idempotent: marking an unread notification unread again changes nothing.
         *
         *     Acts for one end user: a subscriber token, a session, or an API key with `X-User-Id` (which needs the `users:impersonate` scope).
         */
        put: operations["markNotificationUnread"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The send log of one notification: one row per external channel
         * @description For services: an API key, or an admin session. API keys need the `notifications:read` scope (or `admin`).
         */
        get: operations["listNotificationDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The send log: deliveries by channel, status, provider, user, notification and time
         * @description Newest first; keyset pages with `cursor` / `next_cursor`.
         *
         *     For services: an API key, or an admin session. API keys need the `notifications:read` scope (or `admin`).
         */
        get: operations["listDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/{id}/recall": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Recall a sent notification
         * @description For services: an API key, or an admin session. API keys need the `notifications:send` scope (or `admin`).
         */
        post: operations["recallNotification"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a scheduled notification
         * @description For services: an API key, or an admin session. API keys need the `notifications:send` scope (or `admin`).
         */
        post: operations["cancelNotification"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/batch-mark": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mark up to 1000 notifications read, unread or deleted
         * @description Acts for one end user: a subscriber token, a session, or an API key with `X-User-Id` (which needs the `users:impersonate` scope).
         */
        post: operations["batchMarkNotifications"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/read-all": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mark all your notifications read
         * @description Acts for one end user: a subscriber token, a session, or an API key with `X-User-Id` (which needs the `users:impersonate` scope).
         */
        post: operations["markAllNotificationsRead"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/unread/count": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Count your unread notifications
         * @description Acts for one end user: a subscriber token, a session, or an API key with `X-User-Id` (which needs the `users:impersonate` scope).
         */
        get: operations["countUnreadNotifications"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Notification figures
         * @description An end user gets their own figures; a service or an admin with `scope=tenant` the tenant's.
         *
         *     Any caller: an end user sees their own rows; an API key without `X-User-Id` (scope `notifications:read` or `notifications:send`) or an admin with `scope=tenant` sees the tenant's.
         */
        get: operations["notificationStats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/batches/{batch_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A send's progress: its notifications counted by status
         * @description `batch_id` is what `POST /api/v1/notifications` answered. Another tenant's batch is a 404.
         *
         *     For services: an API key, or an admin session. API keys need the `notifications:send` scope (or `admin`).
         */
        get: operations["getNotificationBatch"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/batches/{batch_id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a whole scheduled send
         * @description Cancels every still-pending notification of the batch and their queued deliveries, as `POST /api/v1/notifications/{id}/cancel` does for one; notifications already released are left alone and counted in `already_sent`. Writes one audit entry (`notification.batch_cancelled`). 409 when nothing is left pending.
         *
         *     For services: an API key, or an admin session. API keys need the `notifications:send` scope (or `admin`).
         */
        post: operations["cancelNotificationBatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/deliveries/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export the send log as CSV
         * @description Every delivery matching the filters of `GET /api/v1/deliveries`, newest first, streamed.
         *
         *     For services: an API key, or an admin session. API keys need the `notifications:read` scope (or `admin`).
         */
        get: operations["exportDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export the tenant's notifications as CSV
         * @description Every notification matching the filters of the tenant-wide `GET /api/v1/notifications`, newest first, streamed.
         *
         *     For services: an API key, or an admin session. API keys need the `notifications:read` scope (or `admin`).
         */
        get: operations["exportNotifications"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List templates
         * @description Newest change first. `search` matches the name, code and description.
         *
         *     For services: an API key, or an admin session. API keys need the `templates:read` scope (or `admin`).
         */
        get: operations["listTemplates"];
        put?: never;
        /**
         * Create a template
         * @description Content is Liquid (`{{ order.id }}`, filters, `if`/`for`; the older `{name}` is shorthand for `{{ name }}`). The flat `title`/`content` are the default locale's in-app block; `blocks` gives every locale's per-channel blocks. `variables` is extracted from every block; entries you send mark them required or optional with a default and an example. `{{ user.name }}`, `{{ user.email }}`… are the recipient's fields. Output is HTML-escaped in in-app and email HTML fields. A syntax error is a 400 naming the block, line and column.
         *
         *     For services: an API key, or an admin session. API keys need the `templates:write` scope (or `admin`).
         */
        post: operations["createTemplate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/templates/{template_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a template by id or code
         * @description For services: an API key, or an admin session. API keys need the `templates:read` scope (or `admin`).
         */
        get: operations["getTemplate"];
        /**
         * Change a template
         * @description Partial: omitted fields stay; `blocks` replaces every locale's blocks. The code cannot change. A change of content writes a new immutable version.
         *
         *     For services: an API key, or an admin session. API keys need the `templates:write` scope (or `admin`).
         */
        put: operations["updateTemplate"];
        post?: never;
        /**
         * Delete a template
         * @description Soft delete: its versions stay (notifications point at them) and its code is free again.
         *
         *     For services: an API key, or an admin session. API keys need the `templates:write` scope (or `admin`).
         */
        delete: operations["deleteTemplate"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/templates/{template_id}/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Render a template with sample params
         * @description Missing params take the variable's default, then its example. `locale` picks blocks the way a recipient's locale does (exact, then by language, then the default); a channel without a block shows the in-app block it falls back to (`fallback: true`).
         *
         *     For services: an API key, or an admin session. API keys need the `templates:read` scope (or `admin`).
         */
        post: operations["previewTemplate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/templates/{template_id}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A template's versions, newest first
         * @description For services: an API key, or an admin session. API keys need the `templates:read` scope (or `admin`).
         */
        get: operations["listTemplateVersions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/templates/{template_id}/versions/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One version of a template
         * @description For services: an API key, or an admin session. API keys need the `templates:read` scope (or `admin`).
         */
        get: operations["getTemplateVersion"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/templates/{template_id}/versions/{version}/restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Restore a version (as a new version)
         * @description For services: an API key, or an admin session. API keys need the `templates:write` scope (or `admin`).
         */
        post: operations["restoreTemplateVersion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The end user you act as
         * @description Acts for one end user: a subscriber token, a session, or an API key with `X-User-Id` (which needs the `users:impersonate` scope).
         */
        get: operations["getMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List users
         * @description For services: an API key, or an admin session. API keys need the `users:read` scope (or `admin`).
         */
        get: operations["listUsers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{user_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a user
         * @description For services: an API key, or an admin session. API keys need the `users:read` scope (or `admin`).
         */
        get: operations["getUser"];
        /**
         * Create or update a user
         * @description Only an admin (session or admin-scoped key) may set `password` and `role`, or change the `email` or `phone` of a user who can sign in (has a password or an OAuth identity, or is an admin): otherwise 403 naming the fields, and nothing changes. A deleted user is a 409: restore it first.
         *
         *     For services: an API key, or an admin session. API keys need the `users:write` scope (or `admin`).
         */
        put: operations["saveUser"];
        post?: never;
        /**
         * Delete a user
         * @description A soft delete: the person can no longer sign in, their tokens stop working, their live sockets close and their topic subscriptions are removed (a restore does not bring them back). Deleting a user who can sign in needs admin.
         *
         *     For services: an API key, or an admin session. API keys need the `users:write` scope (or `admin`).
         */
        delete: operations["deleteUser"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{user_id}/restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Restore a deleted user
         * @description The only way back for a deleted user (a PUT answers 409). Restoring a live user changes nothing.
         *
         *     Admins: an admin session or an API key with the admin scope.
         */
        post: operations["restoreUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{user_id}/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Issue a subscriber token for a user
         * @description Your backend mints it and hands it to the user's browser, which then calls the API (and the realtime socket) as that user and nothing more. Default lifetime 24 h.
         *
         *     For services: an API key, or an admin session. API keys need the `tokens:mint` scope (or `admin`).
         */
        post: operations["issueSubscriberToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import users from CSV (dry run by default)
         * @description Columns: id (required; `user_id` also accepted), email, phone, name, locale, timezone — each checked as in `PUT /api/v1/users/{user_id}`; an empty cell keeps the stored value. Up to 10,000 rows and 2 MB. With `dry_run=true` (the default) nothing is written: the answer says what would be created, updated or left unchanged, and lists each bad row's errors (row, field, message). With `dry_run=false` the valid rows are upserted in one transaction and the bad ones are skipped and reported; rows that match what is stored are not written, so importing the same file again changes nothing. A file without an id column, with unknown columns or too many rows is a 400 and nothing is written.
         *
         *     Admins: an admin session or an API key with the admin scope.
         */
        post: operations["importUsers"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/preferences": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's notification preferences
         * @description Acts for one end user: a subscriber token, a session, or an API key with `X-User-Id` (which needs the `users:impersonate` scope).
         */
        get: operations["getPreferences"];
        /**
         * Change the caller's notification preferences
         * @description Only the fields given change; null clears one.
         *
         *     Acts for one end user: a subscriber token, a session, or an API key with `X-User-Id` (which needs the `users:impersonate` scope).
         */
        put: operations["savePreferences"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{user_id}/preferences": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A user's notification preferences
         * @description For services: an API key, or an admin session. API keys need the `users:read` scope (or `admin`).
         */
        get: operations["getUserPreferences"];
        /**
         * Change a user's notification preferences
         * @description Only the fields given change; null clears one. An unknown user is a 404.
         *
         *     For services: an API key, or an admin session. API keys need the `preferences:write` scope (or `admin`).
         */
        put: operations["saveUserPreferences"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/preferences/workflows": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The workflows the caller may choose in their preferences
         * @description The tenant's active workflows a preferences page offers, by category then name, each with the channels its steps send on. A critical one is always delivered: show it as not switchable. Choices are saved through `workflows` and `categories` of the preferences.
         *
         *     Acts for one end user: a subscriber token, a session, or an API key with `X-User-Id` (which needs the `users:impersonate` scope).
         */
        get: operations["listPreferenceWorkflows"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{user_id}/preferences/workflows": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The workflows a user may choose in their preferences
         * @description The tenant's active workflows a preferences page offers, by category then name, each with the channels its steps send on. A critical one is always delivered: show it as not switchable. Choices are saved through `workflows` and `categories` of the preferences. An unknown user is a 404.
         *
         *     For services: an API key, or an admin session. API keys need the `users:read` scope (or `admin`).
         */
        get: operations["listUserPreferenceWorkflows"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/announcements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List announcements
         * @description Newest first, optionally by status.
         *
         *     For services: an API key, or an admin session. API keys need the `announcements:read` scope (or `admin`).
         */
        get: operations["listAnnouncements"];
        put?: never;
        /**
         * Create an announcement (a draft)
         * @description Publish it with `POST /api/v1/announcements/{id}/publish`. Statuses: draft → scheduled (publish_at in the future) → published → archived. Expired ones (past expires_at) stay published but stop showing. With `channels` (email, sms, push, wechat), publishing also sends it to every user in the audience by those channels: batches of users go through the delivery queue after the publish, each user once per channel, their preferences applied as for a notification of type `system` (severity critical is urgent, warning high). Follow it in `delivery_progress` and in `GET /api/v1/deliveries?announcement_id=…`. Archiving, deleting or expiry stops what is not sent yet.
         *
         *     For services: an API key, or an admin session. API keys need the `notifications:send` scope (or `admin`).
         */
        post: operations["createAnnouncement"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/announcements/active": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's active announcements
         * @description Published, not expired, in the caller's audience and not dismissed: unread first, then pinned, then newest.
         *
         *     Acts for one end user: a subscriber token, a session, or an API key with `X-User-Id` (which needs the `users:impersonate` scope).
         */
        get: operations["listActiveAnnouncements"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/announcements/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get an announcement
         * @description `delivery_progress` reports the extra channels' delivery: the fan-out's state and the deliveries' counts, overall and per channel. With `channels` (email, sms, push, wechat), publishing also sends it to every user in the audience by those channels: batches of users go through the delivery queue after the publish, each user once per channel, their preferences applied as for a notification of type `system` (severity critical is urgent, warning high). Follow it in `delivery_progress` and in `GET /api/v1/deliveries?announcement_id=…`. Archiving, deleting or expiry stops what is not sent yet.
         *
         *     For services: an API key, or an admin session. API keys need the `announcements:read` scope (or `admin`).
         */
        get: operations["getAnnouncement"];
        /**
         * Change an announcement
         * @description Only the fields given change. Archived ones cannot change (409); a published one's `publish_at` and `channels` cannot change (400). A published one's audience learns of the change live.
         *
         *     For services: an API key, or an admin session. API keys need the `notifications:send` scope (or `admin`).
         */
        put: operations["updateAnnouncement"];
        post?: never;
        /**
         * Delete an announcement
         * @description It leaves every inbox at once, and stops an extra-channel fan-out like archiving.
         *
         *     For services: an API key, or an admin session. API keys need the `notifications:send` scope (or `admin`).
         */
        delete: operations["deleteAnnouncement"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/announcements/{id}/publish": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Publish an announcement, now or at its publish_at
         * @description A draft with a future `publish_at` becomes scheduled; otherwise it is published now (a scheduled one too) and its audience is told live. Writes one row whatever the audience size (plus one queued job when it has extra `channels`). Statuses: draft → scheduled (publish_at in the future) → published → archived. Expired ones (past expires_at) stay published but stop showing. With `channels` (email, sms, push, wechat), publishing also sends it to every user in the audience by those channels: batches of users go through the delivery queue after the publish, each user once per channel, their preferences applied as for a notification of type `system` (severity critical is urgent, warning high). Follow it in `delivery_progress` and in `GET /api/v1/deliveries?announcement_id=…`. Archiving, deleting or expiry stops what is not sent yet.
         *
         *     For services: an API key, or an admin session. API keys need the `notifications:send` scope (or `admin`).
         */
        post: operations["publishAnnouncement"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/announcements/{id}/archive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Archive an announcement
         * @description It stops showing, live. An extra-channel fan-out still running stops: no further batch is written, and deliveries not sent yet are cancelled.
         *
         *     For services: an API key, or an admin session. API keys need the `notifications:send` scope (or `admin`).
         */
        post: operations["archiveAnnouncement"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/announcements/{id}/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mark an active announcement read
         * @description Acts for one end user: a subscriber token, a session, or an API key with `X-User-Id` (which needs the `users:impersonate` scope).
         */
        post: operations["readAnnouncement"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/announcements/{id}/dismiss": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Dismiss an active announcement
         * @description It counts as read and no longer shows for the caller.
         *
         *     Acts for one end user: a subscriber token, a session, or an API key with `X-User-Id` (which needs the `users:impersonate` scope).
         */
        post: operations["dismissAnnouncement"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/announcements/{id}/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An announcement's read figures
         * @description How many people in its audience have read (or dismissed) it, out of how many are in the audience now.
         *
         *     For services: an API key, or an admin session. API keys need the `announcements:read` scope (or `admin`).
         */
        get: operations["getAnnouncementStats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/push/vapid-public-key": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The VAPID public key browsers subscribe with
         * @description Pass it as `applicationServerKey` to `PushManager.subscribe`. From `VAPID_PUBLIC_KEY`; outside production without one, a key pair generated once and kept in `DATA_DIR`. 404 in production without keys.
         *
         *     Public.
         */
        get: operations["getVapidPublicKey"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/push/subscriptions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Register this browser for Web Push
         * @description The body is the browser's `PushSubscription.toJSON()`. One endpoint is one browser: a new endpoint is 201; registering it again updates it (200), also when another user of the tenant had it.
         *
         *     Acts for one end user: a subscriber token, a session, or an API key with `X-User-Id` (which needs the `users:impersonate` scope).
         */
        post: operations["subscribePush"];
        /**
         * Unregister one of your browsers
         * @description Acts for one end user: a subscriber token, a session, or an API key with `X-User-Id` (which needs the `users:impersonate` scope).
         */
        delete: operations["unsubscribePush"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/resend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resend's delivery events (Svix-signed)
         * @description Point a Resend webhook here and set `RESEND_WEBHOOK_SECRET` to its signing secret. The email delivery whose provider message id is `data.email_id` moves forward only (a late `delivered` after `bounced` is ignored); an event replayed with the same `svix-id` is applied once; an unknown message is acknowledged.
         *
         *     Public.
         */
        post: operations["resendWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/twilio": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Twilio's SMS status callbacks
         * @description Enabled by `TWILIO_AUTH_TOKEN`. The signature covers the public URL Twilio called, so `APP_URL` must be Herald's public URL. The SMS delivery whose provider message id is `MessageSid` moves forward only; the same status twice is applied once; an unknown message is acknowledged.
         *
         *     Public.
         */
        post: operations["twilioWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workflows": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List workflows
         * @description Newest change first. `q` matches the key, name and description. Each workflow comes with its runs of the last 24 hours: how many, how many completed or failed, and the success rate.
         *
         *     For services: an API key, or an admin session. API keys need the `workflows:read` scope (or `admin`).
         */
        get: operations["listWorkflows"];
        put?: never;
        /**
         * Create a workflow
         * @description Steps run in order: channel steps (`in_app`, `email`, `sms`, `push`, `wechat`) send a template by code or their own Liquid fields; `delay`, `digest` and `throttle` shape when and how often. A step's `if` is a condition over `payload`, `user`, `actor`, `tenant` and earlier steps (`steps.inapp.notification.read == false`). Everything is checked on save: a broken condition, Liquid that does not parse or a template that does not exist (or has no block for the step's channel) is a 400 naming the step's field (`steps.2.if`). The first save is version 1.
         *
         *     For services: an API key, or an admin session. API keys need the `workflows:write` scope (or `admin`).
         */
        post: operations["createWorkflow"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workflows/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a workflow by key
         * @description Its current version.
         *
         *     For services: an API key, or an admin session. API keys need the `workflows:read` scope (or `admin`).
         */
        get: operations["getWorkflow"];
        /**
         * Change a workflow
         * @description Partial: omitted fields stay; `steps` replaces every step. The key cannot change. Every save writes a new immutable version and makes it current; runs already started keep theirs.
         *
         *     For services: an API key, or an admin session. API keys need the `workflows:write` scope (or `admin`).
         */
        put: operations["updateWorkflow"];
        post?: never;
        /**
         * Delete a workflow
         * @description Soft delete: its versions stay (runs point at them) and its key is free again.
         *
         *     For services: an API key, or an admin session. API keys need the `workflows:write` scope (or `admin`).
         */
        delete: operations["deleteWorkflow"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workflows/{key}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A workflow's versions, newest first
         * @description For services: an API key, or an admin session. API keys need the `workflows:read` scope (or `admin`).
         */
        get: operations["listWorkflowVersions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workflows/{key}/versions/{version}/restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Restore a version (as a new version)
         * @description Checked as a save is: a template it names must still exist.
         *
         *     For services: an API key, or an admin session. API keys need the `workflows:write` scope (or `admin`).
         */
        post: operations["restoreWorkflowVersion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workflows/{key}/trigger": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Trigger a workflow for up to 10 000 users or a topic
         * @description Answers 202 with a `trigger_id`. For a list of users (`"to": ["alice"]`) one run per distinct recipient (unknown user ids are created) starts on the workflow's current version, with its id in `run_ids`, and its steps run in the background. For a topic (`"to": {"topic": "project-42"}`) the answer comes at once, `status: fanning_out`, and batch jobs write one run per subscriber in the background: follow it with GET /api/v1/workflow-triggers/{id}. `exclude_actor: true` gives the actor no run. An unknown workflow or topic is 404, an inactive workflow 409, a payload over 64 KB 413, and a payload missing a name a step's Liquid or template needs is a 400 naming it (`payload.text`). With an Idempotency-Key the same request answers the same trigger and writes nothing more.
         *
         *     For services: an API key, or an admin session. API keys need the `workflows:trigger` scope (or `admin`).
         */
        post: operations["triggerWorkflow"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workflows/{key}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel runs by cancellation key
         * @description Every running or waiting run of the workflow triggered with this `cancellation_key` (of `recipients` only, when given) is cancelled: nothing more is sent for it, and its queued deliveries are cancelled. Runs already over are left as they are.
         *
         *     For services: an API key, or an admin session. API keys need the `workflows:trigger` scope (or `admin`).
         */
        post: operations["cancelWorkflowRuns"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workflow-runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List workflow runs
         * @description Newest first, in keyset pages: pass `next_cursor` back as `cursor`.
         *
         *     For services: an API key, or an admin session. API keys need the `workflows:read` scope (or `admin`).
         */
        get: operations["listWorkflowRuns"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workflow-runs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a workflow run and its timeline
         * @description The run with each executed step: its status, times and outcome (the notification or deliveries it wrote, the condition's result, why it was skipped or failed).
         *
         *     For services: an API key, or an admin session. API keys need the `workflows:read` scope (or `admin`).
         */
        get: operations["getWorkflowRun"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workflow-triggers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a workflow trigger and its fan-out progress
         * @description What one trigger call addressed (a topic, or null for a list of users), how many runs it has written so far, and whether it is still `fanning_out` or `completed`. Its runs: GET /api/v1/workflow-runs?trigger_id=.
         *
         *     For services: an API key, or an admin session. API keys need the `workflows:read` scope (or `admin`).
         */
        get: operations["getWorkflowTrigger"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List API keys
         * @description Admins: an admin session or an API key with the admin scope.
         */
        get: operations["listApiKeys"];
        put?: never;
        /**
         * Create an API key
         * @description The answer holds the secret key: it is never shown again.
         *
         *     Admins: an admin session or an API key with the admin scope.
         */
        post: operations["createApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/api-keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke an API key
         * @description Admins: an admin session or an API key with the admin scope.
         */
        delete: operations["revokeApiKey"];
        options?: never;
        head?: never;
        /**
         * Rename an API key or change its scopes
         * @description New scopes apply to the key's next request on every node. The operator's key (HERALD_API_KEY) cannot be changed here.
         *
         *     Admins: an admin session or an API key with the admin scope.
         */
        patch: operations["updateApiKey"];
        trace?: never;
    };
    "/api/v1/tenant/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's settings
         * @description Admins: an admin session or an API key with the admin scope.
         */
        get: operations["getTenantSettings"];
        /**
         * Change the tenant's settings
         * @description Only the fields given change. `embed_origins`: up to 20 origins (https; http only for localhost) whose pages may frame /embed/*.
         *
         *     Admins: an admin session or an API key with the admin scope.
         */
        put: operations["updateTenantSettings"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenant/rotate-token-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate the tenant's subscriber-token secret
         * @description Every subscriber token issued before stops working.
         *
         *     Admins: an admin session or an API key with the admin scope.
         */
        post: operations["rotateTokenSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a tenant and its first admin API key
         * @description The bootstrap super key (`HERALD_API_KEY`) only.
         */
        post: operations["createTenant"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit-log": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The audit log: who changed what, and when
         * @description Written by Herald itself in the same transaction as each change: templates, sends, announcements, API keys, integrations, users and imports. Newest first; keyset pages with `cursor` / `next_cursor`.
         *
         *     Admins: an admin session or an API key with the admin scope.
         */
        get: operations["listAuditLog"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/dashboard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Delivery health: today's figures, sends per channel, success per channel and provider
         * @description Today's cards (from midnight in `tz`), sends per channel in 24 hourly or 14 daily buckets, delivery success rates per channel and per provider over the same window, and the top failure reasons.
         *
         *     Admins: an admin session or an API key with the admin scope.
         */
        get: operations["getDashboard"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List provider accounts
         * @description Admins: an admin session or an API key with the admin scope.
         */
        get: operations["listIntegrations"];
        put?: never;
        /**
         * Add a provider account for a channel
         * @description `config` and `secrets` depend on `provider`: resend `{from, base_url?}` + `{api_key}`; smtp `{from}` + `{url}`; twilio `{from, base_url?}` + `{account_sid, auth_token}`; webpush `{public_key, subject}` + `{private_key}`; wechat `{app_id, base_url?}` + `{app_secret}`; outbox none. Secrets are stored encrypted and never returned (`secrets_set` names them). `is_default` makes it the channel's one default.
         *
         *     Admins: an admin session or an API key with the admin scope.
         */
        post: operations["createIntegration"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a provider account
         * @description Admins: an admin session or an API key with the admin scope.
         */
        get: operations["getIntegration"];
        /**
         * Change a provider account
         * @description Partial: omitted fields stay. `config` replaces the settings; `secrets` is merged into the stored ones. The channel and provider do not change.
         *
         *     Admins: an admin session or an API key with the admin scope.
         */
        put: operations["updateIntegration"];
        post?: never;
        /**
         * Delete a provider account
         * @description Its secrets are wiped; the channel falls back to the environment's provider if it was the default.
         *
         *     Admins: an admin session or an API key with the admin scope.
         */
        delete: operations["deleteIntegration"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a test message through a provider account
         * @description A provider failure is reported in the answer (`ok: false`, `error`), not as an error status.
         *
         *     Admins: an admin session or an API key with the admin scope.
         */
        post: operations["testIntegration"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/dev/outbox": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The dev outbox: messages sent on channels without a provider
         * @description Newest first; keyset pages with `cursor` / `next_cursor`.
         *
         *     Admins: an admin session or an API key with the admin scope.
         */
        get: operations["listOutbox"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/topics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List topics
         * @description By key. `q` matches part of the key or the name.
         *
         *     For services: an API key, or an admin session. API keys need the `topics:read` scope (or `admin`).
         */
        get: operations["listTopics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/topics/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a topic
         * @description For services: an API key, or an admin session. API keys need the `topics:read` scope (or `admin`).
         */
        get: operations["getTopic"];
        /**
         * Create or rename a topic
         * @description A new key is created (201); an existing one takes the new name (200). The key itself never changes: triggers address the topic by it.
         *
         *     For services: an API key, or an admin session. API keys need the `topics:write` scope (or `admin`).
         */
        put: operations["saveTopic"];
        post?: never;
        /**
         * Delete a topic
         * @description Its subscriptions go with it; the key is free again.
         *
         *     For services: an API key, or an admin session. API keys need the `topics:write` scope (or `admin`).
         */
        delete: operations["deleteTopic"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/topics/{key}/subscribers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List a topic's subscribers
         * @description The subscribers as users, in a stable order (the one a trigger fans out in); follow `next_cursor` until it is null to see each exactly once.
         *
         *     For services: an API key, or an admin session. API keys need the `topics:read` scope (or `admin`).
         */
        get: operations["listTopicSubscribers"];
        put?: never;
        /**
         * Subscribe users to a topic
         * @description Up to 10,000 `user_ids` per call. An id the tenant has no user for creates that user, as a send does, so a service can subscribe people before it first notifies them. A deleted user is a 400 naming its `user_ids.<index>`, and then nothing is written. Naming someone subscribed already is no error: `already` counts them.
         *
         *     For services: an API key, or an admin session. API keys need the `topics:write` scope (or `admin`).
         */
        post: operations["addTopicSubscribers"];
        /**
         * Unsubscribe users from a topic
         * @description Up to 10,000 `user_ids` per call; ids that are unknown or not subscribed are skipped (`removed` counts what was).
         *
         *     For services: an API key, or an admin session. API keys need the `topics:write` scope (or `admin`).
         */
        delete: operations["removeTopicSubscribers"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{user_id}/topics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The topics a user is subscribed to
         * @description By key. An unknown or deleted user is a 404.
         *
         *     For services: an API key, or an admin session. API keys need the `topics:read` scope (or `admin`).
         */
        get: operations["listUserTopics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/schedules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List schedules
         * @description Newest first, filtered by `status` and `workflow` (its key). The answer shows each time zone's slot and the next 5 fire times; `?timezone=` shows them in that zone.
         *
         *     For services: an API key, or an admin session. API keys need the `workflows:read` scope (or `admin`).
         */
        get: operations["listSchedules"];
        put?: never;
        /**
         * Create a schedule
         * @description Fires `workflow` for `to` (up to 10,000 user ids) on a repeat: `{ "frequency": "daily", "at": "09:00" }`, weekly on `days`, monthly on `day_of_month`, or an `rrule`. With `"timezone": "recipient"` (the default) each recipient gets it at their own local time — New York's at 09:00 New York, Shanghai's at 09:00 Shanghai — or give one IANA zone for everyone. An unknown workflow is 404; a bad `at`, zone, rrule, `days` on a non-weekly schedule or an empty `to` is a 400 naming the field, and nothing is written. The answer shows each time zone's slot and the next 5 fire times; `?timezone=` shows them in that zone.
         *
         *     For services: an API key, or an admin session. API keys need the `workflows:write` scope (or `admin`).
         */
        post: operations["createSchedule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/schedules/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a schedule
         * @description The answer shows each time zone's slot and the next 5 fire times; `?timezone=` shows them in that zone.
         *
         *     For services: an API key, or an admin session. API keys need the `workflows:read` scope (or `admin`).
         */
        get: operations["getSchedule"];
        /**
         * Change a schedule
         * @description Partial: omitted fields stay; `to` and `repeat` replace what was there, and the next fire times are computed again from now. Checked as a create is.
         *
         *     For services: an API key, or an admin session. API keys need the `workflows:write` scope (or `admin`).
         */
        put: operations["updateSchedule"];
        post?: never;
        /**
         * Delete a schedule
         * @description Nothing more fires; runs it already started go on.
         *
         *     For services: an API key, or an admin session. API keys need the `workflows:write` scope (or `admin`).
         */
        delete: operations["deleteSchedule"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/schedules/{id}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pause a schedule
         * @description Nothing fires until it is resumed. Pausing a paused schedule changes nothing.
         *
         *     For services: an API key, or an admin session. API keys need the `workflows:write` scope (or `admin`).
         */
        post: operations["pauseSchedule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/schedules/{id}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resume a schedule
         * @description It fires again from its next occurrence after now: occurrences missed while paused are not fired.
         *
         *     For services: an API key, or an admin session. API keys need the `workflows:write` scope (or `admin`).
         */
        post: operations["resumeSchedule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This OpenAPI document
         * @description Public.
         */
        get: operations["getOpenApiDocument"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description One locale's content, per channel */
        TemplateBlocks: {
            app?: {
                /** @description Liquid; rendered (at most 200 characters kept) as the title */
                title: string;
                content: string;
                action_url?: string;
                action_text?: string;
            };
            email?: {
                subject: string;
                /** @description The HTML body; every `{{ output }}` is HTML-escaped */
                html: string;
                /** @description Plain-text part; derived from html when omitted */
                text?: string;
            };
            sms?: {
                text: string;
            };
            push?: {
                title: string;
                body: string;
                url?: string;
            };
            wechat?: {
                /** @description The WeChat template message id */
                template_id: string;
                url?: string;
                /** @description WeChat template keys to Liquid text, e.g. {first: '{{ order.id }}'} */
                data: {
                    [key: string]: string;
                };
            };
        };
        /**
         * @example {
         *       "amount": 10,
         *       "unit": "minutes"
         *     }
         */
        WorkflowDuration: {
            amount: number;
            /** @enum {string} */
            unit: "seconds" | "minutes" | "hours" | "days";
        };
        /** @description Who sees it: everyone, named users, or roles */
        AnnouncementAudience: {
            /** @constant */
            all: true;
        } | {
            user_ids: string[];
        } | {
            roles: ("admin" | "user")[];
        };
        /**
         * @example {
         *       "key": "comment.created",
         *       "name": "New comment",
         *       "category": "comments",
         *       "steps": [
         *         {
         *           "id": "inapp",
         *           "type": "in_app",
         *           "title": "New comment",
         *           "content": "{{ payload.text }}"
         *         },
         *         {
         *           "id": "wait",
         *           "type": "delay",
         *           "amount": 30,
         *           "unit": "minutes"
         *         },
         *         {
         *           "id": "email",
         *           "type": "email",
         *           "template": "comment.created",
         *           "if": "steps.inapp.notification.read == false"
         *         }
         *       ]
         *     }
         */
        WorkflowCreate: {
            /**
             * @description Unique per tenant; cannot change
             * @example comment.created
             */
            key: string;
            name: string;
            description?: string | null;
            /**
             * @description An inactive workflow is not triggered
             * @default true
             */
            is_active: boolean;
            /**
             * @description Bypasses opt-outs and quiet hours, as an urgent send does
             * @default false
             */
            critical: boolean;
            /**
             * @description Recipients may set preferences per workflow or per category
             * @example comments
             */
            category?: string | null;
            /** @description Run in order; a step whose `if` is false is skipped */
            steps: components["schemas"]["WorkflowStep"][];
        };
        WorkflowStep: components["schemas"]["WorkflowInAppStep"] | components["schemas"]["WorkflowEmailStep"] | components["schemas"]["WorkflowSmsStep"] | components["schemas"]["WorkflowPushStep"] | components["schemas"]["WorkflowWechatStep"] | components["schemas"]["WorkflowDelayStep"] | components["schemas"]["WorkflowDigestStep"] | components["schemas"]["WorkflowThrottleStep"];
        /**
         * @description Sends on the in-app inbox: `template` (a code), or the channel's own Liquid fields over payload, user, actor, digest and tenant — not both
         * @example {
         *       "id": "inapp",
         *       "type": "in_app",
         *       "title": "New comment",
         *       "content": "{{ actor.name }}: {{ payload.text }}"
         *     }
         */
        WorkflowInAppStep: {
            /**
             * @description Unique in the workflow; conditions read the step as `steps.<id>`
             * @example inapp
             */
            id: string;
            /**
             * @description A condition (filtrex) over `payload`, `user`, `actor`, `tenant`, `steps.<id>.status` and `steps.<id>.notification.read|seen|archived` of earlier steps (quote a path with a hyphen: `'steps.in-app.status'`); false skips the step
             * @example steps.inapp.notification.read == false
             */
            if?: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "in_app";
            /** @description A template's code; its block for this channel is sent. Or give the fields inline. */
            template?: string;
            /** @description Liquid; rendered (at most 200 characters kept) as the title */
            title?: string;
            content?: string;
            action_url?: string;
            action_text?: string;
        };
        /**
         * @description Sends on email: `template` (a code), or the channel's own Liquid fields over payload, user, actor, digest and tenant — not both
         * @example {
         *       "id": "email",
         *       "type": "email",
         *       "template": "comment.created",
         *       "if": "steps.inapp.notification.read == false"
         *     }
         */
        WorkflowEmailStep: {
            /**
             * @description Unique in the workflow; conditions read the step as `steps.<id>`
             * @example inapp
             */
            id: string;
            /**
             * @description A condition (filtrex) over `payload`, `user`, `actor`, `tenant`, `steps.<id>.status` and `steps.<id>.notification.read|seen|archived` of earlier steps (quote a path with a hyphen: `'steps.in-app.status'`); false skips the step
             * @example steps.inapp.notification.read == false
             */
            if?: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "email";
            /** @description A template's code; its block for this channel is sent. Or give the fields inline. */
            template?: string;
            subject?: string;
            /** @description The HTML body; every `{{ output }}` is HTML-escaped */
            html?: string;
            /** @description Plain-text part; derived from html when omitted */
            text?: string;
        };
        /** @description Sends on SMS: `template` (a code), or the channel's own Liquid fields over payload, user, actor, digest and tenant — not both */
        WorkflowSmsStep: {
            /**
             * @description Unique in the workflow; conditions read the step as `steps.<id>`
             * @example inapp
             */
            id: string;
            /**
             * @description A condition (filtrex) over `payload`, `user`, `actor`, `tenant`, `steps.<id>.status` and `steps.<id>.notification.read|seen|archived` of earlier steps (quote a path with a hyphen: `'steps.in-app.status'`); false skips the step
             * @example steps.inapp.notification.read == false
             */
            if?: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "sms";
            /** @description A template's code; its block for this channel is sent. Or give the fields inline. */
            template?: string;
            text?: string;
        };
        /** @description Sends on web push: `template` (a code), or the channel's own Liquid fields over payload, user, actor, digest and tenant — not both */
        WorkflowPushStep: {
            /**
             * @description Unique in the workflow; conditions read the step as `steps.<id>`
             * @example inapp
             */
            id: string;
            /**
             * @description A condition (filtrex) over `payload`, `user`, `actor`, `tenant`, `steps.<id>.status` and `steps.<id>.notification.read|seen|archived` of earlier steps (quote a path with a hyphen: `'steps.in-app.status'`); false skips the step
             * @example steps.inapp.notification.read == false
             */
            if?: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "push";
            /** @description A template's code; its block for this channel is sent. Or give the fields inline. */
            template?: string;
            title?: string;
            body?: string;
            url?: string;
        };
        /** @description Sends on WeChat: `template` (a code), or the channel's own Liquid fields over payload, user, actor, digest and tenant — not both */
        WorkflowWechatStep: {
            /**
             * @description Unique in the workflow; conditions read the step as `steps.<id>`
             * @example inapp
             */
            id: string;
            /**
             * @description A condition (filtrex) over `payload`, `user`, `actor`, `tenant`, `steps.<id>.status` and `steps.<id>.notification.read|seen|archived` of earlier steps (quote a path with a hyphen: `'steps.in-app.status'`); false skips the step
             * @example steps.inapp.notification.read == false
             */
            if?: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "wechat";
            /** @description A template's code; its block for this channel is sent. Or give the fields inline. */
            template?: string;
            /** @description The WeChat template message id */
            template_id?: string;
            url?: string;
            /** @description WeChat template keys to Liquid text, e.g. {first: '{{ order.id }}'} */
            data?: {
                [key: string]: string;
            };
        };
        /**
         * @description Waits, then the run goes on: `amount` + `unit`, or `until` a rendered date-time, or `until_local_time` in the recipient's zone (exactly one)
         * @example {
         *       "id": "wait",
         *       "type": "delay",
         *       "amount": 30,
         *       "unit": "minutes"
         *     }
         */
        WorkflowDelayStep: {
            /**
             * @description Unique in the workflow; conditions read the step as `steps.<id>`
             * @example inapp
             */
            id: string;
            /**
             * @description A condition (filtrex) over `payload`, `user`, `actor`, `tenant`, `steps.<id>.status` and `steps.<id>.notification.read|seen|archived` of earlier steps (quote a path with a hyphen: `'steps.in-app.status'`); false skips the step
             * @example steps.inapp.notification.read == false
             */
            if?: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "delay";
            /** @description With `unit`: wait this long */
            amount?: number;
            /** @enum {string} */
            unit?: "seconds" | "minutes" | "hours" | "days";
            /**
             * @description Liquid rendering an RFC 3339 date-time to wait for
             * @example {{ payload.due_at }}
             */
            until?: string;
            /**
             * @description Wait until this time of day in the recipient's time zone
             * @example 09:00
             */
            until_local_time?: string;
        };
        /**
         * @description Collects events for one recipient and key; when it closes, one run goes on with `digest.count`, `digest.events`, `digest.first` and `digest.last`
         * @example {
         *       "id": "collect",
         *       "type": "digest",
         *       "window": {
         *         "amount": 10,
         *         "unit": "minutes"
         *       },
         *       "key": "{{ payload.post_id }}"
         *     }
         */
        WorkflowDigestStep: {
            /**
             * @description Unique in the workflow; conditions read the step as `steps.<id>`
             * @example inapp
             */
            id: string;
            /**
             * @description A condition (filtrex) over `payload`, `user`, `actor`, `tenant`, `steps.<id>.status` and `steps.<id>.notification.read|seen|archived` of earlier steps (quote a path with a hyphen: `'steps.in-app.status'`); false skips the step
             * @example steps.inapp.notification.read == false
             */
            if?: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "digest";
            /** @description How long a digest collects: a window opened by its first event, or a schedule (`at` in the recipient's time zone) */
            window: components["schemas"]["WorkflowDuration"] | ({
                /** @constant */
                schedule: "daily";
                at: string;
            } | {
                /** @constant */
                schedule: "weekly";
                at: string;
                /** @enum {string} */
                weekday: "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday";
            });
            /**
             * @description Liquid: events with the same rendered key share a digest
             * @example {{ payload.post_id }}
             */
            key?: string;
            /**
             * @description The digest closes early when this many events have joined it
             * @default 100
             */
            max_events: number;
            /**
             * @description Whether recipients may choose their own cadence in their preferences
             * @default false
             */
            allow_user_cadence: boolean;
        };
        /**
         * @description Past `limit` runs through this step for the recipient and key within the window, the run ends throttled
         * @example {
         *       "id": "limit",
         *       "type": "throttle",
         *       "limit": 3,
         *       "window": {
         *         "amount": 1,
         *         "unit": "hours"
         *       }
         *     }
         */
        WorkflowThrottleStep: {
            /**
             * @description Unique in the workflow; conditions read the step as `steps.<id>`
             * @example inapp
             */
            id: string;
            /**
             * @description A condition (filtrex) over `payload`, `user`, `actor`, `tenant`, `steps.<id>.status` and `steps.<id>.notification.read|seen|archived` of earlier steps (quote a path with a hyphen: `'steps.in-app.status'`); false skips the step
             * @example steps.inapp.notification.read == false
             */
            if?: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "throttle";
            /** @description Runs allowed through per window */
            limit: number;
            window: components["schemas"]["WorkflowDuration"];
            /**
             * @description Liquid: runs with the same rendered key share the limit
             * @example {{ payload.project }}
             */
            key?: string;
        };
        WorkflowUpdate: {
            /** @description Accepted only unchanged */
            key?: string;
            name?: string;
            description?: string | null;
            /** @description An inactive workflow is not triggered */
            is_active?: boolean;
            /** @description Bypasses opt-outs and quiet hours, as an urgent send does */
            critical?: boolean;
            /**
             * @description Recipients may set preferences per workflow or per category
             * @example comments
             */
            category?: string | null;
            /** @description Replaces every step */
            steps?: components["schemas"]["WorkflowStep"][];
        };
        /**
         * @example {
         *       "to": [
         *         "alice"
         *       ],
         *       "payload": {
         *         "text": "Looks good!"
         *       },
         *       "actor": "bob",
         *       "cancellation_key": "comment-42"
         *     }
         */
        WorkflowTrigger: {
            to: string[] | components["schemas"]["WorkflowTopicTarget"];
            /**
             * @description What the steps read as `payload`; at most 64 KB as JSON
             * @default {}
             */
            payload: {
                [key: string]: unknown;
            };
            /** @description The user_id of who caused the event; steps read them as `actor` */
            actor?: string;
            /**
             * @description The actor gets no run, even when they are a recipient or subscriber
             * @default false
             */
            exclude_actor: boolean;
            /**
             * @description Cancel these runs later by this key (POST …/cancel)
             * @example comment-42
             */
            cancellation_key?: string;
        };
        /** @description Every subscriber of the topic when the fan-out reaches them */
        WorkflowTopicTarget: {
            /**
             * @description Your own name for the topic, unique in the tenant
             * @example project-42
             */
            topic: string;
        };
        /**
         * @example {
         *       "cancellation_key": "comment-42"
         *     }
         */
        WorkflowCancel: {
            cancellation_key: string;
            /** @description Only these recipients' runs (default: every run with the key) */
            recipients?: string[];
        };
        /**
         * @example {
         *       "workflow": "daily.summary",
         *       "name": "Morning summary",
         *       "to": [
         *         "alice",
         *         "bob"
         *       ],
         *       "payload": {
         *         "kind": "summary"
         *       },
         *       "repeat": {
         *         "frequency": "daily",
         *         "at": "09:00",
         *         "timezone": "recipient"
         *       }
         *     }
         */
        ScheduleCreate: {
            /**
             * @description The key of the workflow it triggers
             * @example daily.summary
             */
            workflow: string;
            name: string;
            /** @description Recipients' user_id; unknown ones are created, as a trigger does */
            to: string[];
            /**
             * @description The payload of every run it triggers (at most 64 KB as JSON)
             * @default {}
             */
            payload: {
                [key: string]: unknown;
            };
            repeat: components["schemas"]["ScheduleRepeat"];
        };
        /**
         * @description A frequency (`daily`, `weekly` with `days`, `monthly` with `day_of_month`) at a time of day, or an `rrule`
         * @example {
         *       "frequency": "daily",
         *       "at": "09:00",
         *       "timezone": "recipient"
         *     }
         */
        ScheduleRepeat: {
            /** @enum {string} */
            frequency?: "daily" | "weekly" | "monthly";
            /**
             * @description HH:MM, 24-hour, local to `timezone` (frequency schedules)
             * @example 09:00
             */
            at?: string;
            /**
             * @description Weekly schedules only: the days it fires on
             * @example [
             *       "mon",
             *       "fri"
             *     ]
             */
            days?: ("mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun")[];
            /** @description Monthly schedules only (default 1); months without that day are skipped, -1 is the last day */
            day_of_month?: number;
            /**
             * @description Instead of `frequency`: one RFC 5545 RRULE line, wall-clock times in `timezone`; INTERVAL and COUNT count from the schedule's creation day
             * @example FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0
             */
            rrule?: string;
            /**
             * @description "recipient" (default): each recipient at their own local time (their preferences' zone, else their profile's, else UTC); or one IANA zone for everyone
             * @default recipient
             */
            timezone: string;
        };
        /**
         * @example {
         *       "repeat": {
         *         "frequency": "weekly",
         *         "at": "08:30",
         *         "days": [
         *           "mon"
         *         ]
         *       }
         *     }
         */
        ScheduleUpdate: {
            /**
             * @description The key of the workflow it triggers
             * @example daily.summary
             */
            workflow?: string;
            name?: string;
            /** @description Recipients' user_id; unknown ones are created, as a trigger does */
            to?: string[];
            /** @description The payload of every run it triggers (at most 64 KB as JSON) */
            payload?: {
                [key: string]: unknown;
            };
            repeat?: components["schemas"]["ScheduleRepeat"];
        };
        SendResult: {
            /** @description Notifications written (one per distinct recipient) */
            count: number;
            /** Format: uuid */
            batch_id: string;
            scheduled_at: string | null;
            /** @description Listed up to 1000 recipients; above that use batch_id */
            notifications?: {
                /** Format: uuid */
                id: string;
                user_id: string;
                status: string;
            }[];
        };
        /** @description The error envelope */
        Error: {
            /**
             * @description The HTTP status, repeated
             * @example 400
             */
            code: number;
            /** @example Invalid user_ids */
            message: string;
            /**
             * @description A stable code to branch on: the message is for people and may change
             * @example invalid
             * @enum {string}
             */
            error_code: "invalid" | "unauthorized" | "forbidden" | "not_found" | "conflict" | "too_large" | "idempotency_mismatch" | "rate_limited" | "unavailable" | "method_not_allowed" | "internal";
            /** @description One entry per invalid field (validation errors only) */
            errors?: {
                /** @example user_ids */
                field: string;
                /** @example must name at least one user */
                message: string;
            }[];
        };
        NotificationPage: {
            notifications: components["schemas"]["Notification"][];
            /** @description Offset pages only (no `cursor` given) */
            total?: number;
            /** @description Offset pages only */
            page?: number;
            page_size: number;
            /** @description Offset pages only */
            total_pages?: number;
            /** @description Pass as `cursor` for the next page; null on the last page */
            next_cursor: string | null;
        };
        Notification: {
            /** Format: uuid */
            id: string;
            /** @description Position in the recipient's own stream */
            seq: number;
            /** @description Position of the latest change in the recipient's change stream; realtime clients resume after it */
            change_seq: number;
            /** @description The recipient, as your service identifies them */
            user_id: string;
            /** Format: uuid */
            tenant_id: string;
            title: string;
            content: string;
            /** @enum {string} */
            type: "system" | "info" | "warning" | "error";
            /** @enum {string} */
            priority: "low" | "normal" | "high" | "urgent";
            /** @enum {string} */
            status: "pending" | "processing" | "sent" | "failed" | "recalled" | "cancelled";
            channels: ("app" | "email" | "sms" | "push" | "wechat")[];
            metadata: {
                [key: string]: unknown;
            };
            template_code: string | null;
            /** @description Shared by every row of one send request */
            batch_id: string | null;
            /** Format: date-time */
            created_at: string;
            scheduled_at: string | null;
            sent_at: string | null;
            read_at: string | null;
            seen_at: string | null;
            recalled_at: string | null;
        };
        Delivery: {
            /** Format: uuid */
            id: string;
            /** @description Null for an announcement's or a workflow step's delivery */
            notification_id: string | null;
            /** @description Set for a delivery of an announcement's extra channels */
            announcement_id: string | null;
            /** @description Set for a workflow run's external channel step (with workflow_step_id) */
            workflow_run_id: string | null;
            workflow_step_id: string | null;
            user_id: string;
            /** @enum {string} */
            channel: "app" | "email" | "sms" | "push" | "wechat";
            /** @description resend, smtp, twilio, webpush, wechat or outbox */
            provider: string | null;
            destination: string | null;
            /** @enum {string} */
            status: "queued" | "sending" | "sent" | "delivered" | "bounced" | "failed" | "skipped" | "cancelled";
            /** @description Why it was skipped or failed, e.g. no_address */
            reason: string | null;
            attempts: number;
            last_error: string | null;
            provider_message_id: string | null;
            deferred_until: string | null;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
            sent_at: string | null;
            delivered_at: string | null;
            failed_at: string | null;
        };
        BatchMarkResult: {
            affected: number;
            not_found: number;
            not_found_ids: string[];
        };
        /** @description The acting user's own figures */
        UserStats: {
            total: number;
            unread: number;
            read: number;
            by_type: {
                [key: string]: number;
            };
            by_priority: {
                [key: string]: number;
            };
        };
        /** @description Tenant-wide figures, optionally within [from, to) */
        TenantStats: {
            from: string | null;
            to: string | null;
            total: number;
            unread: number;
            read: number;
            by_status: {
                [key: string]: number;
            };
            by_type: {
                [key: string]: number;
            };
            by_priority: {
                [key: string]: number;
            };
            /** @description Deliveries per channel, then per delivery status */
            by_channel_status: {
                [key: string]: {
                    [key: string]: number;
                };
            };
        };
        BatchSummary: {
            /** Format: uuid */
            batch_id: string;
            /** @description Notifications in the batch (one per recipient) */
            total: number;
            /** @description How many are in each status, e.g. `{ "pending": 4990, "cancelled": 10 }` */
            by_status: {
                [key: string]: number;
            };
            scheduled_at: string | null;
        };
        BatchCancelResult: {
            /** @description Notifications cancelled by this request */
            cancelled: number;
            /** @description Notifications of the batch already out (processing, sent or failed) */
            already_sent: number;
        };
        Template: {
            /** Format: uuid */
            id: string;
            code: string;
            name: string;
            description: string | null;
            type: string;
            channels: string[];
            is_active: boolean;
            default_locale: string;
            locales: string[];
            /** @description Shorthand for the default locale's in-app title */
            title: string;
            /** @description Shorthand for the default locale's in-app content */
            content: string;
            blocks: {
                [key: string]: {
                    [key: string]: {
                        [key: string]: unknown;
                    };
                };
            };
            variables: {
                name: string;
                required: boolean;
                default?: string;
                example?: string;
            }[];
            version: number;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
        };
        TemplatePreview: {
            /** @description The locale whose blocks were used (after fallback) */
            locale: string;
            /** @description Rendered blocks per channel (channels without a block fall back to in-app) */
            blocks: {
                [key: string]: {
                    [key: string]: unknown;
                };
            };
        };
        TemplateVersion: {
            version: number;
            name: string;
            description: string | null;
            type: string;
            channels: string[];
            default_locale: string;
            variables: {
                name: string;
                required: boolean;
                default?: string;
                example?: string;
            }[];
            blocks: {
                [key: string]: {
                    [key: string]: {
                        [key: string]: unknown;
                    };
                };
            };
            /** Format: date-time */
            created_at: string;
        };
        User: {
            user_id: string;
            email: string | null;
            phone: string | null;
            name: string | null;
            locale: string | null;
            timezone: string | null;
            /** @enum {string} */
            role: "admin" | "user";
            wechat_openid: string | null;
            metadata: {
                [key: string]: unknown;
            };
            has_password: boolean;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
        };
        UserImportResult: {
            dry_run: boolean;
            /** @description Data rows in the file */
            rows: number;
            valid: number;
            /** @description Rows with errors: not imported */
            skipped: number;
            /** @description New users (would be, on a dry run) */
            created: number;
            /** @description Existing users whose fields change */
            updated: number;
            /** @description Rows that match what is stored: nothing written */
            unchanged: number;
            errors: {
                /** @description The row's number as a spreadsheet shows it (the header is row 1) */
                row: number;
                field: string;
                message: string;
            }[];
        };
        Preferences: {
            user_id: string;
            channels: {
                [key: string]: ("app" | "email" | "sms" | "push" | "wechat")[];
            };
            disabled_channels: ("app" | "email" | "sms" | "push" | "wechat")[];
            do_not_disturb: {
                start: string;
                end: string;
            } | null;
            timezone: string | null;
            /** @description The zone quiet hours are read in */
            effective_timezone: string;
            mute_until: string | null;
            is_muted: boolean;
            workflows: {
                [key: string]: {
                    enabled: boolean;
                    channels?: ("app" | "email" | "sms" | "push" | "wechat")[];
                    digest?: components["schemas"]["WorkflowDuration"] | ({
                        /** @constant */
                        schedule: "daily";
                        at: string;
                    } | {
                        /** @constant */
                        schedule: "weekly";
                        at: string;
                        /** @enum {string} */
                        weekday: "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday";
                    });
                };
            };
            categories: {
                [key: string]: {
                    enabled: boolean;
                    channels?: ("app" | "email" | "sms" | "push" | "wechat")[];
                    digest?: components["schemas"]["WorkflowDuration"] | ({
                        /** @constant */
                        schedule: "daily";
                        at: string;
                    } | {
                        /** @constant */
                        schedule: "weekly";
                        at: string;
                        /** @enum {string} */
                        weekday: "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday";
                    });
                };
            };
            /** @description Null while the user has only the defaults */
            updated_at: string | null;
        };
        PreferenceWorkflow: {
            /** @example comment.created */
            key: string;
            name: string;
            description: string | null;
            /** @description Its preferences category; null: none */
            category: string | null;
            /** @description Always delivered whatever the user chose: show it as not switchable */
            critical: boolean;
            /** @description The channels its steps send on (`app` is in-app): the ones a choice may name */
            channels: ("app" | "email" | "sms" | "push" | "wechat")[];
        };
        Announcement: {
            /** Format: uuid */
            id: string;
            title: string;
            content: string;
            /** @description `content` rendered from Markdown and sanitised */
            content_html: string;
            /** @enum {string} */
            type: "notice" | "announcement";
            /** @enum {string} */
            severity: "info" | "warning" | "critical";
            audience: {
                /** @constant */
                all: true;
            } | {
                user_ids: string[];
            } | {
                roles: string[];
            };
            /** @enum {string} */
            status: "draft" | "scheduled" | "published" | "archived";
            /** @description Published, not expired: users in the audience see it */
            is_active: boolean;
            channels: ("email" | "sms" | "push" | "wechat")[];
            pinned: boolean;
            publish_at: string | null;
            published_at: string | null;
            expires_at: string | null;
            archived_at: string | null;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
            delivery_progress: components["schemas"]["AnnouncementDeliveryProgress"];
        };
        /** @description The extra channels' delivery, overall and per channel */
        AnnouncementDeliveryProgress: {
            /**
             * @description not_requested: no extra channels. waiting: not published yet. running: batches are still writing deliveries. complete: every audience user has theirs (see `queued` for those still on their way). stopped: archived, deleted or expired before the end.
             * @enum {string}
             */
            status: "not_requested" | "waiting" | "running" | "complete" | "stopped";
            /** @description Delivery rows written so far (audience users × channels) */
            total: number;
            /** @description Waiting or being sent (deferred by do-not-disturb too) */
            queued: number;
            sent: number;
            /** @description Confirmed by the provider's webhook */
            delivered: number;
            /** @description Failed or bounced */
            failed: number;
            /** @description By the user's preferences, or no address */
            skipped: number;
            /** @description Not sent: archived, deleted or expired first */
            cancelled: number;
            /** @description The same counts per requested channel */
            by_channel: {
                [key: string]: components["schemas"]["AnnouncementDeliveryCounts"];
            };
        };
        AnnouncementDeliveryCounts: {
            /** @description Delivery rows written so far (audience users × channels) */
            total: number;
            /** @description Waiting or being sent (deferred by do-not-disturb too) */
            queued: number;
            sent: number;
            /** @description Confirmed by the provider's webhook */
            delivered: number;
            /** @description Failed or bounced */
            failed: number;
            /** @description By the user's preferences, or no address */
            skipped: number;
            /** @description Not sent: archived, deleted or expired first */
            cancelled: number;
        };
        UserAnnouncement: {
            /** Format: uuid */
            id: string;
            title: string;
            content: string;
            content_html: string;
            /** @enum {string} */
            type: "notice" | "announcement";
            /** @enum {string} */
            severity: "info" | "warning" | "critical";
            pinned: boolean;
            /** Format: date-time */
            published_at: string;
            expires_at: string | null;
            is_read: boolean;
            read_at: string | null;
        };
        AnnouncementStats: {
            /** Format: uuid */
            announcement_id: string;
            /** @description People currently in the audience (live accounts) */
            audience: number;
            /** @description Of them, how many have read it (dismissing counts as reading) */
            read: number;
            /** @description Of them, how many have dismissed it */
            dismissed: number;
        };
        PushSubscription: {
            /** Format: uuid */
            id: string;
            endpoint: string;
            user_agent: string | null;
            /** Format: date-time */
            created_at: string;
            last_used_at: string | null;
        };
        WorkflowListItem: {
            /** Format: uuid */
            id: string;
            /** @example comment.created */
            key: string;
            name: string;
            description: string | null;
            is_active: boolean;
            /** @description Bypasses opt-outs and quiet hours */
            critical: boolean;
            category: string | null;
            steps: components["schemas"]["WorkflowStepOutput"][];
            /** @description The current version: what a trigger now runs */
            version: number;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
            stats: components["schemas"]["WorkflowRunStats"];
        };
        WorkflowRunStats: {
            /** @description Runs triggered in the last 24 hours */
            runs_24h: number;
            /** @description Of those, runs that completed */
            completed_24h: number;
            /** @description Of those, runs that failed */
            failed_24h: number;
            /** @description Of those runs already over (completed, throttled, cancelled or failed), the share that did not fail, from 0 to 1; null while none is over */
            success_rate: number | null;
        };
        Workflow: {
            /** Format: uuid */
            id: string;
            /** @example comment.created */
            key: string;
            name: string;
            description: string | null;
            is_active: boolean;
            /** @description Bypasses opt-outs and quiet hours */
            critical: boolean;
            category: string | null;
            steps: components["schemas"]["WorkflowStepOutput"][];
            /** @description The current version: what a trigger now runs */
            version: number;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
        };
        WorkflowVersion: {
            version: number;
            name: string;
            description: string | null;
            is_active: boolean;
            /** @description Bypasses opt-outs and quiet hours */
            critical: boolean;
            category: string | null;
            steps: components["schemas"]["WorkflowStepOutput"][];
            /** @description Who saved it: a console user or an API key */
            created_by: {
                /** @enum {string} */
                type: "user" | "api_key" | "system";
                id: string | null;
            };
            /** Format: date-time */
            created_at: string;
        };
        WorkflowTriggerResult: {
            /**
             * Format: uuid
             * @description Shared by every run of this call; GET /api/v1/workflow-triggers/{id} shows its progress
             */
            trigger_id: string;
            /**
             * @description `completed`: every run is written (a list of users); `fanning_out`: a topic's runs are being written in batches
             * @enum {string}
             */
            status: "fanning_out" | "completed";
            /** @description For a list of users: one per distinct recipient, in the order given (deleted users and an excluded actor get none). Absent for a topic: list its runs with GET /api/v1/workflow-runs?trigger_id= */
            run_ids?: string[];
        };
        WorkflowCancelResult: {
            /** @description Runs that were running or waiting, now cancelled */
            cancelled: number;
            run_ids: string[];
        };
        WorkflowRun: {
            /** Format: uuid */
            id: string;
            /** @description The workflow's key */
            workflow: string;
            /** @description The version the run was triggered on */
            version: number;
            user_id: string;
            actor_user_id: string | null;
            /** @enum {string} */
            status: "running" | "waiting" | "completed" | "cancelled" | "throttled" | "failed";
            /** @description The step due next */
            step_index: number;
            wake_at: string | null;
            cancellation_key: string | null;
            /** Format: uuid */
            trigger_id: string;
            payload: {
                [key: string]: unknown;
            };
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
            completed_at: string | null;
        };
        WorkflowRunDetail: {
            /** Format: uuid */
            id: string;
            /** @description The workflow's key */
            workflow: string;
            /** @description The version the run was triggered on */
            version: number;
            user_id: string;
            actor_user_id: string | null;
            /** @enum {string} */
            status: "running" | "waiting" | "completed" | "cancelled" | "throttled" | "failed";
            /** @description The step due next */
            step_index: number;
            wake_at: string | null;
            cancellation_key: string | null;
            /** Format: uuid */
            trigger_id: string;
            payload: {
                [key: string]: unknown;
            };
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
            completed_at: string | null;
            /** @description Executed steps, in order */
            steps: components["schemas"]["WorkflowRunStep"][];
            /** @description Every step of the run's version, in order: the ones not yet executed too */
            planned_steps: {
                id: string;
                type: string;
            }[];
        };
        WorkflowRunStep: {
            step_id: string;
            step_index: number;
            type: string;
            /** @enum {string} */
            status: "completed" | "skipped" | "failed" | "cancelled";
            /** @description What the step wrote, why it was skipped or failed, when a delay or digest wakes, the digest joined, the throttle's count */
            outcome: {
                /** Format: uuid */
                notification_id?: string;
                delivery_ids?: string[];
                reason?: string;
                condition?: {
                    value: boolean;
                    error?: string;
                };
                /** Format: date-time */
                wake_at?: string;
                digest?: {
                    /** Format: uuid */
                    id: string;
                    /** @enum {string} */
                    role: "opened" | "joined";
                    /**
                     * Format: uuid
                     * @description The run that continues when the digest closes
                     */
                    owner_run_id: string;
                    /** @description Events in the digest when this run reached it */
                    count: number;
                };
                throttle?: {
                    limit: number;
                    /** @description Runs through the step in the window */
                    count: number;
                };
            };
            /** Format: date-time */
            started_at: string;
            finished_at: string | null;
        };
        WorkflowTriggerDetail: {
            /** Format: uuid */
            id: string;
            /** @description The workflow's key */
            workflow: string;
            /** @description The version its runs were triggered on */
            version: number;
            /** @description The topic's key; null for a list of users */
            topic: string | null;
            /**
             * @description `fanning_out` while a topic's runs are still being written in batches, then `completed`; `cancelled` when a cancel by its cancellation key stopped the fan-out
             * @enum {string}
             */
            status: "fanning_out" | "completed" | "cancelled";
            /** @description Runs written so far */
            runs_created: number;
            actor_user_id: string | null;
            exclude_actor: boolean;
            cancellation_key: string | null;
            /** Format: date-time */
            created_at: string;
            /** @description When its last run was written, or its fan-out cancelled */
            completed_at: string | null;
        };
        ApiKey: {
            /** Format: uuid */
            id: string;
            name: string;
            /** @description The first characters of the key, to recognise it */
            prefix: string;
            scopes: ("notifications:send" | "notifications:read" | "announcements:read" | "templates:read" | "templates:write" | "users:read" | "users:write" | "users:impersonate" | "tokens:mint" | "preferences:write" | "workflows:read" | "workflows:write" | "workflows:trigger" | "topics:read" | "topics:write" | "admin")[];
            /** @description The operator's key (HERALD_API_KEY): its scopes cannot be changed */
            is_super: boolean;
            /** Format: date-time */
            created_at: string;
            last_used_at: string | null;
            expires_at: string | null;
            revoked_at: string | null;
        };
        NewApiKey: {
            /** Format: uuid */
            id: string;
            name: string;
            /** @description The first characters of the key, to recognise it */
            prefix: string;
            scopes: ("notifications:send" | "notifications:read" | "announcements:read" | "templates:read" | "templates:write" | "users:read" | "users:write" | "users:impersonate" | "tokens:mint" | "preferences:write" | "workflows:read" | "workflows:write" | "workflows:trigger" | "topics:read" | "topics:write" | "admin")[];
            /** @description The operator's key (HERALD_API_KEY): its scopes cannot be changed */
            is_super: boolean;
            /** Format: date-time */
            created_at: string;
            last_used_at: string | null;
            expires_at: string | null;
            revoked_at: string | null;
            /** @description The secret key: shown this once only */
            key: string;
        };
        TenantSettings: {
            /** @description Origins (https://app.example.com) whose pages may frame /embed/* */
            embed_origins: string[];
        };
        Tenant: {
            /** Format: uuid */
            id: string;
            slug: string;
            name: string;
            /** Format: date-time */
            created_at: string;
        };
        AuditEntry: {
            id: number;
            action: string;
            actor: {
                /** @enum {string} */
                type: "user" | "api_key" | "system";
                id: string | null;
                /** @description The person's email or name, or the key's name and prefix */
                label: string | null;
            };
            target_type: string | null;
            target_id: string | null;
            data: {
                [key: string]: unknown;
            };
            /** Format: date-time */
            created_at: string;
        };
        Dashboard: {
            /** Format: date-time */
            generated_at: string;
            /** @enum {string} */
            range: "24h" | "14d";
            timezone: string;
            /** @description Open Socket.IO and WebSocket connections on the node that answered */
            live_connections: number;
            today: {
                /**
                 * Format: date-time
                 * @description Midnight in `timezone`
                 */
                since: string;
                /** @description Notifications dispatched today (scheduled ones still waiting excluded) */
                sent: number;
                /** @description Of those, how many their recipient has read */
                read: number;
                /** @description read / today's notifications with the in-app channel */
                read_rate: number | null;
                deliveries: {
                    /** @description Deliveries in the window, whatever their status */
                    total: number;
                    /** @description Accepted by the provider (sent) or confirmed delivered */
                    succeeded: number;
                    /** @description Failed or bounced */
                    failed: number;
                    /** @description Queued or sending */
                    in_flight: number;
                    /** @description Never reached a provider (no address, preferences) or cancelled */
                    skipped: number;
                    /** @description succeeded / (succeeded + failed) */
                    success_rate: number | null;
                    /** @description Confirmed delivered */
                    delivered: number;
                };
            };
            series: {
                /** @enum {string} */
                unit: "hour" | "day";
                /** @description Sends per channel, oldest first, empty buckets included */
                buckets: {
                    /** @description Local bucket start, e.g. 2026-11-30T14:00 */
                    start: string;
                    app: number;
                    email: number;
                    sms: number;
                    push: number;
                    wechat: number;
                }[];
            };
            channels: {
                channel: string;
                /** @description Deliveries in the window, whatever their status */
                total: number;
                /** @description Accepted by the provider (sent) or confirmed delivered */
                succeeded: number;
                /** @description Failed or bounced */
                failed: number;
                /** @description Queued or sending */
                in_flight: number;
                /** @description Never reached a provider (no address, preferences) or cancelled */
                skipped: number;
                /** @description succeeded / (succeeded + failed) */
                success_rate: number | null;
            }[];
            providers: {
                /** @description The provider's name, or `none` before one was picked */
                provider: string;
                channel: string;
                /** @description Deliveries in the window, whatever their status */
                total: number;
                /** @description Accepted by the provider (sent) or confirmed delivered */
                succeeded: number;
                /** @description Failed or bounced */
                failed: number;
                /** @description Queued or sending */
                in_flight: number;
                /** @description Never reached a provider (no address, preferences) or cancelled */
                skipped: number;
                /** @description succeeded / (succeeded + failed) */
                success_rate: number | null;
            }[];
            failure_reasons: {
                reason: string;
                channel: string;
                count: number;
                /** @description One recent error text with this reason */
                last_error: string | null;
            }[];
        };
        Integration: {
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            channel: "email" | "sms" | "push" | "wechat";
            /** @enum {string} */
            provider: "resend" | "smtp" | "twilio" | "webpush" | "wechat" | "outbox";
            name: string;
            is_active: boolean;
            is_default: boolean;
            /** @description Non-secret settings */
            config: {
                [key: string]: unknown;
            };
            /** @description Names of the secret settings stored (encrypted); their values are never returned */
            secrets_set: string[];
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
        };
        IntegrationTestResult: {
            /** @constant */
            ok: true;
            provider_message_id: string | null;
        } | {
            /** @constant */
            ok: false;
            /**
             * @description What went wrong, in one word; the remote answer is never shown (it is in the server log)
             * @enum {string}
             */
            error: "auth_failed" | "unreachable" | "rejected" | "address_refused" | "secrets_unreadable";
            /** @description Herald's own finer code, e.g. network_error, unauthorized, invalid_address */
            error_code: string;
            retryable: boolean;
        };
        OutboxMessage: {
            /** Format: uuid */
            id: string;
            delivery_id: string | null;
            channel: string;
            to: string | null;
            subject: string | null;
            body: string | null;
            /** @description html, actionUrl, actionText, data */
            payload: {
                [key: string]: unknown;
            };
            /** Format: date-time */
            created_at: string;
        };
        Topic: {
            /**
             * Format: uuid
             * @description Herald's id (the audit log names topics by it)
             */
            id: string;
            /** @description Your own name for the topic; triggers address it by this */
            key: string;
            name: string;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
        };
        ScheduleSummary: {
            /** Format: uuid */
            id: string;
            name: string;
            /** @description The workflow's key */
            workflow: string;
            recipient_count: number;
            payload: {
                [key: string]: unknown;
            };
            repeat: components["schemas"]["ScheduleRepeatJson"];
            /** @enum {string} */
            status: "active" | "paused";
            slots: {
                /**
                 * @description The recipients' time zone
                 * @example America/New_York
                 */
                zone: string;
                /** @description How many recipients have this zone */
                recipients: number;
                /** @description Null while paused or when the rule has no later time */
                next_fire_at: string | null;
                last_fired_at: string | null;
            }[];
            /** @description The next 5 times it fires, over every zone (none while paused) */
            next_fires: {
                /**
                 * Format: date-time
                 * @description The instant, with the offset of the zone asked for (`?timezone=`, default UTC)
                 */
                at: string;
                /** @description The recipients' zone it fires for */
                zone: string;
                /**
                 * @description Their wall-clock time then
                 * @example 2026-03-09T09:00
                 */
                local_time: string;
                recipients: number;
            }[];
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
        };
        ScheduleRepeatJson: {
            /** @enum {string} */
            frequency?: "daily" | "weekly" | "monthly";
            at?: string;
            days?: string[];
            day_of_month?: number;
            rrule?: string;
            timezone: string;
        };
        Schedule: {
            /** Format: uuid */
            id: string;
            name: string;
            /** @description The workflow's key */
            workflow: string;
            recipient_count: number;
            payload: {
                [key: string]: unknown;
            };
            repeat: components["schemas"]["ScheduleRepeatJson"];
            /** @enum {string} */
            status: "active" | "paused";
            slots: {
                /**
                 * @description The recipients' time zone
                 * @example America/New_York
                 */
                zone: string;
                /** @description How many recipients have this zone */
                recipients: number;
                /** @description Null while paused or when the rule has no later time */
                next_fire_at: string | null;
                last_fired_at: string | null;
            }[];
            /** @description The next 5 times it fires, over every zone (none while paused) */
            next_fires: {
                /**
                 * Format: date-time
                 * @description The instant, with the offset of the zone asked for (`?timezone=`, default UTC)
                 */
                at: string;
                /** @description The recipients' zone it fires for */
                zone: string;
                /**
                 * @description Their wall-clock time then
                 * @example 2026-03-09T09:00
                 */
                local_time: string;
                recipients: number;
            }[];
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
            /** @description Recipients' user_id */
            to: string[];
        };
        WorkflowStepOutput: components["schemas"]["WorkflowInAppStep"] | components["schemas"]["WorkflowEmailStep"] | components["schemas"]["WorkflowSmsStep"] | components["schemas"]["WorkflowPushStep"] | components["schemas"]["WorkflowWechatStep"] | components["schemas"]["WorkflowDelayStep"] | components["schemas"]["WorkflowDigestStepOutput"] | components["schemas"]["WorkflowThrottleStep"];
        /**
         * @description Collects events for one recipient and key; when it closes, one run goes on with `digest.count`, `digest.events`, `digest.first` and `digest.last`
         * @example {
         *       "id": "collect",
         *       "type": "digest",
         *       "window": {
         *         "amount": 10,
         *         "unit": "minutes"
         *       },
         *       "key": "{{ payload.post_id }}"
         *     }
         */
        WorkflowDigestStepOutput: {
            /**
             * @description Unique in the workflow; conditions read the step as `steps.<id>`
             * @example inapp
             */
            id: string;
            /**
             * @description A condition (filtrex) over `payload`, `user`, `actor`, `tenant`, `steps.<id>.status` and `steps.<id>.notification.read|seen|archived` of earlier steps (quote a path with a hyphen: `'steps.in-app.status'`); false skips the step
             * @example steps.inapp.notification.read == false
             */
            if?: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "digest";
            /** @description How long a digest collects: a window opened by its first event, or a schedule (`at` in the recipient's time zone) */
            window: components["schemas"]["WorkflowDuration"] | ({
                /** @constant */
                schedule: "daily";
                at: string;
            } | {
                /** @constant */
                schedule: "weekly";
                at: string;
                /** @enum {string} */
                weekday: "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday";
            });
            /**
             * @description Liquid: events with the same rendered key share a digest
             * @example {{ payload.post_id }}
             */
            key?: string;
            /**
             * @description The digest closes early when this many events have joined it
             * @default 100
             */
            max_events: number;
            /**
             * @description Whether recipients may choose their own cadence in their preferences
             * @default false
             */
            allow_user_cadence: boolean;
        };
    };
    responses: {
        /** @description Invalid JSON or parameters: `errors` names each invalid field */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "code": 400,
                 *       "message": "Invalid user_ids",
                 *       "error_code": "invalid",
                 *       "errors": [
                 *         {
                 *           "field": "user_ids",
                 *           "message": "must name at least one user"
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description No credentials, or credentials that do not verify */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "code": 401,
                 *       "message": "Unauthorized",
                 *       "error_code": "unauthorized"
                 *     }
                 */
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Authenticated, but not allowed: the role, a missing scope (the message names it: `Missing scope: users:write`), or an API key without X-User-Id where one user must act */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "code": 403,
                 *       "message": "Forbidden",
                 *       "error_code": "forbidden"
                 *     }
                 */
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Conflicts with the current state (e.g. a request with this Idempotency-Key is still running, the slug is taken) */
        Conflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "code": 409,
                 *       "message": "A request with this Idempotency-Key is still in progress",
                 *       "error_code": "conflict"
                 *     }
                 */
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The body is over 1 MB */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "code": 413,
                 *       "message": "Request body too large",
                 *       "error_code": "too_large"
                 *     }
                 */
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The Idempotency-Key was already used with a different body */
        IdempotencyMismatch: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "code": 422,
                 *       "message": "Idempotency-Key was already used with a different request",
                 *       "error_code": "idempotency_mismatch"
                 *     }
                 */
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description A rate limit is spent (per API key, per signed-in user, or per client address without credentials) */
        TooManyRequests: {
            headers: {
                /** @description Seconds until the limit resets */
                "Retry-After": string;
                "RateLimit-Limit": string;
                "RateLimit-Remaining": string;
                "RateLimit-Reset": string;
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "code": 429,
                 *       "message": "Too many requests",
                 *       "error_code": "rate_limited"
                 *     }
                 */
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Not found (another user's or tenant's row looks the same as a missing one) */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "code": 404,
                 *       "message": "Not found",
                 *       "error_code": "not_found"
                 *     }
                 */
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The signature is missing, does not verify, or (Svix) its timestamp is over 5 minutes off: nothing changed */
        InvalidSignature: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "code": 401,
                 *       "message": "Invalid signature",
                 *       "error_code": "unauthorized"
                 *     }
                 */
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The provider's secret is not configured: the endpoint is off */
        WebhookOff: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "code": 404,
                 *       "message": "Not found",
                 *       "error_code": "not_found"
                 *     }
                 */
                "application/json": components["schemas"]["Error"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    listNotifications: {
        parameters: {
            query?: {
                page?: number;
                page_size?: number;
                status?: "pending" | "processing" | "sent" | "failed" | "recalled" | "cancelled" | "read" | "unread";
                type?: "system" | "info" | "warning" | "error";
                priority?: "low" | "normal" | "high" | "urgent";
                unread_only?: "0" | "1" | "true" | "false";
                since?: string;
                /** @description Only notifications created before this time */
                until?: string;
                /** @description Only notifications sent on this channel */
                channel?: "app" | "email" | "sms" | "push" | "wechat";
                /** @description Only notifications with a delivery through this provider (e.g. resend, outbox) */
                provider?: string;
                /** @description Only sends of this template code */
                template?: string;
                cursor?: string;
                user_id?: string;
                batch_id?: string;
                scope?: "own" | "tenant";
            };
            header?: {
                /** @description With an API key holding `users:impersonate`: the `user_id` of the end user to act as */
                "X-User-Id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: components["schemas"]["NotificationPage"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    sendNotifications: {
        parameters: {
            query?: never;
            header?: {
                /** @description Replays the first response when the same key and body come again within 24 h; a different body is 422, a request still running with it is 409 */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    user_ids: string[];
                    title?: string;
                    content?: string;
                    /** @enum {string} */
                    type?: "system" | "info" | "warning" | "error";
                    /**
                     * @default normal
                     * @enum {string}
                     */
                    priority?: "low" | "normal" | "high" | "urgent";
                    /** @description Default ["app"], or the template's channels for a template send */
                    channels?: ("app" | "email" | "sms" | "push" | "wechat")[];
                    /** @default {} */
                    metadata?: {
                        [key: string]: unknown;
                    };
                    /** Format: date-time */
                    schedule_at?: string;
                    template_code?: string;
                    params?: {
                        [key: string]: unknown;
                    };
                };
            };
        };
        responses: {
            /** @description Notifications sent successfully */
            200: {
                headers: {
                    /** @description Present when this is the stored response of an earlier request */
                    "Idempotent-Replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Notifications sent successfully */
                        message: string;
                        data: components["schemas"]["SendResult"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["IdempotencyMismatch"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    getNotification: {
        parameters: {
            query?: {
                scope?: "own" | "tenant";
            };
            header?: {
                /** @description With an API key holding `users:impersonate`: the `user_id` of the end user to act as */
                "X-User-Id"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: {
                            notification: components["schemas"]["Notification"];
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    deleteNotification: {
        parameters: {
            query?: never;
            header?: {
                /** @description With an API key holding `users:impersonate`: the `user_id` of the end user to act as */
                "X-User-Id"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Notification deleted */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Notification deleted */
                        message: string;
                        data: null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    markNotificationRead: {
        parameters: {
            query?: never;
            header?: {
                /** @description With an API key holding `users:impersonate`: the `user_id` of the end user to act as */
                "X-User-Id"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: {
                            notification: components["schemas"]["Notification"];
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    markNotificationUnread: {
        parameters: {
            query?: never;
            header?: {
                /** @description With an API key holding `users:impersonate`: the `user_id` of the end user to act as */
                "X-User-Id"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: {
                            notification: components["schemas"]["Notification"];
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    listNotificationDeliveries: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: {
                            deliveries: components["schemas"]["Delivery"][];
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    listDeliveries: {
        parameters: {
            query?: {
                page_size?: number;
                cursor?: string;
                channel?: "app" | "email" | "sms" | "push" | "wechat";
                status?: "queued" | "sending" | "sent" | "delivered" | "bounced" | "failed" | "skipped" | "cancelled";
                provider?: string;
                user_id?: string;
                notification_id?: string;
                announcement_id?: string;
                workflow_run_id?: string;
                /** @description Only deliveries of notifications sent from this template code */
                template?: string;
                from?: string;
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: {
                            deliveries: components["schemas"]["Delivery"][];
                            next_cursor: string | null;
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    recallNotification: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Notification recalled */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Notification recalled */
                        message: string;
                        data: {
                            notification: components["schemas"]["Notification"];
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    cancelNotification: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Notification cancelled */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Notification cancelled */
                        message: string;
                        data: {
                            notification: components["schemas"]["Notification"];
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    batchMarkNotifications: {
        parameters: {
            query?: never;
            header?: {
                /** @description With an API key holding `users:impersonate`: the `user_id` of the end user to act as */
                "X-User-Id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    notification_ids: string[];
                    /** @enum {string} */
                    action: "read" | "unread" | "delete";
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: components["schemas"]["BatchMarkResult"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    markAllNotificationsRead: {
        parameters: {
            query?: never;
            header?: {
                /** @description With an API key holding `users:impersonate`: the `user_id` of the end user to act as */
                "X-User-Id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description All notifications marked as read */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example All notifications marked as read */
                        message: string;
                        data: {
                            updated: number;
                        };
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    countUnreadNotifications: {
        parameters: {
            query?: never;
            header?: {
                /** @description With an API key holding `users:impersonate`: the `user_id` of the end user to act as */
                "X-User-Id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: {
                            unread_count: number;
                        };
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    notificationStats: {
        parameters: {
            query?: {
                from?: string;
                to?: string;
                scope?: "own" | "tenant";
            };
            header?: {
                /** @description With an API key holding `users:impersonate`: the `user_id` of the end user to act as */
                "X-User-Id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: components["schemas"]["UserStats"] | components["schemas"]["TenantStats"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    getNotificationBatch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                batch_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: components["schemas"]["BatchSummary"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    cancelNotificationBatch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                batch_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Scheduled send cancelled */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Scheduled send cancelled */
                        message: string;
                        data: components["schemas"]["BatchCancelResult"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    exportDeliveries: {
        parameters: {
            query?: {
                channel?: "app" | "email" | "sms" | "push" | "wechat";
                status?: "queued" | "sending" | "sent" | "delivered" | "bounced" | "failed" | "skipped" | "cancelled";
                provider?: string;
                user_id?: string;
                notification_id?: string;
                announcement_id?: string;
                workflow_run_id?: string;
                /** @description Only deliveries of notifications sent from this template code */
                template?: string;
                from?: string;
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The deliveries as CSV (UTF-8 with a BOM, CRLF lines). Cells that a spreadsheet would run as a formula (starting with = + - @, tab or CR) are prefixed with '. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    exportNotifications: {
        parameters: {
            query?: {
                status?: "pending" | "processing" | "sent" | "failed" | "recalled" | "cancelled" | "read" | "unread";
                type?: "system" | "info" | "warning" | "error";
                priority?: "low" | "normal" | "high" | "urgent";
                unread_only?: "0" | "1" | "true" | "false";
                since?: string;
                /** @description Only notifications created before this time */
                until?: string;
                /** @description Only notifications sent on this channel */
                channel?: "app" | "email" | "sms" | "push" | "wechat";
                /** @description Only notifications with a delivery through this provider (e.g. resend, outbox) */
                provider?: string;
                /** @description Only sends of this template code */
                template?: string;
                user_id?: string;
                batch_id?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The notifications as CSV (UTF-8 with a BOM, CRLF lines). Cells that a spreadsheet would run as a formula (starting with = + - @, tab or CR) are prefixed with '. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    listTemplates: {
        parameters: {
            query?: {
                page?: number;
                page_size?: number;
                search?: string;
                type?: "system" | "info" | "warning" | "error";
                is_active?: "0" | "1" | "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: {
                            templates: components["schemas"]["Template"][];
                            total: number;
                            page: number;
                            page_size: number;
                            total_pages: number;
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    createTemplate: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Unique per tenant; cannot change */
                    code: string;
                    name: string;
                    description?: string | null;
                    /**
                     * @default info
                     * @enum {string}
                     */
                    type?: "system" | "info" | "warning" | "error";
                    /** @description Channels a send uses when it names none */
                    channels?: ("app" | "email" | "sms" | "push" | "wechat")[];
                    /** @default true */
                    is_active?: boolean;
                    /** @default en */
                    default_locale?: string;
                    /** @description Shorthand for the default locale's in-app title */
                    title?: string;
                    /** @description Shorthand for the default locale's in-app content */
                    content?: string;
                    /** @description Locale (en, zh-CN…) to that locale's per-channel blocks */
                    blocks?: {
                        [key: string]: components["schemas"]["TemplateBlocks"];
                    };
                    /** @description Marks extracted variables required or optional, with a default and an example; the list itself is always what the blocks use */
                    variables?: (string | {
                        name: string;
                        required?: boolean;
                        default?: string;
                        example?: string;
                    })[];
                };
            };
        };
        responses: {
            /** @description Template created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Template created */
                        message: string;
                        data: components["schemas"]["Template"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    getTemplate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The template's id or its code */
                template_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: components["schemas"]["Template"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    updateTemplate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The template's id or its code */
                template_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Accepted only unchanged */
                    code?: string;
                    name?: string;
                    description?: string | null;
                    /** @enum {string} */
                    type?: "system" | "info" | "warning" | "error";
                    /** @description Channels a send uses when it names none */
                    channels?: ("app" | "email" | "sms" | "push" | "wechat")[];
                    is_active?: boolean;
                    default_locale?: string;
                    /** @description Shorthand for the default locale's in-app title */
                    title?: string;
                    /** @description Shorthand for the default locale's in-app content */
                    content?: string;
                    /** @description Replaces every locale's blocks */
                    blocks?: {
                        [key: string]: components["schemas"]["TemplateBlocks"];
                    };
                    /** @description Marks extracted variables required or optional, with a default and an example; the list itself is always what the blocks use */
                    variables?: (string | {
                        name: string;
                        required?: boolean;
                        default?: string;
                        example?: string;
                    })[];
                };
            };
        };
        responses: {
            /** @description Template saved */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Template saved */
                        message: string;
                        data: components["schemas"]["Template"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    deleteTemplate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The template's id or its code */
                template_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Template deleted */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Template deleted */
                        message: string;
                        data: null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    previewTemplate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The template's id or its code */
                template_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @default {} */
                    params?: {
                        [key: string]: unknown;
                    };
                    locale?: string;
                    /** @enum {string} */
                    channel?: "app" | "email" | "sms" | "push" | "wechat";
                    /** @description Sample recipient fields for `{{ user.* }}` */
                    user?: {
                        user_id?: string;
                        name?: string;
                        email?: string;
                        phone?: string;
                        locale?: string;
                        timezone?: string;
                    };
                    /** @description Unsaved content to render instead of the saved version (the console's live preview); checked as a save would check it, nothing is written */
                    draft?: {
                        default_locale?: string;
                        /** @description Locale (en, zh-CN…) to that locale's per-channel blocks */
                        blocks: {
                            [key: string]: components["schemas"]["TemplateBlocks"];
                        };
                        /** @description Marks extracted variables required or optional, with a default and an example; the list itself is always what the blocks use */
                        variables?: (string | {
                            name: string;
                            required?: boolean;
                            default?: string;
                            example?: string;
                        })[];
                    };
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: components["schemas"]["TemplatePreview"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    listTemplateVersions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The template's id or its code */
                template_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: {
                            versions: components["schemas"]["TemplateVersion"][];
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    getTemplateVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The template's id or its code */
                template_id: string;
                version: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: components["schemas"]["TemplateVersion"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    restoreTemplateVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The template's id or its code */
                template_id: string;
                version: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Template version restored */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Template version restored */
                        message: string;
                        data: components["schemas"]["Template"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    getMe: {
        parameters: {
            query?: never;
            header?: {
                /** @description With an API key holding `users:impersonate`: the `user_id` of the end user to act as */
                "X-User-Id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: components["schemas"]["User"];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    listUsers: {
        parameters: {
            query?: {
                page?: number;
                page_size?: number;
                search?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: {
                            users: components["schemas"]["User"][];
                            total: number;
                            page: number;
                            page_size: number;
                            total_pages: number;
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    getUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: components["schemas"]["User"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    saveUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    email?: string | null;
                    phone?: string | null;
                    name?: string | null;
                    locale?: string | null;
                    timezone?: string | null;
                    wechat_openid?: string | null;
                    metadata?: {
                        [key: string]: unknown;
                    };
                    password?: string;
                    /** @enum {string} */
                    role?: "admin" | "user";
                };
            };
        };
        responses: {
            /** @description User saved */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example User saved */
                        message: string;
                        data: components["schemas"]["User"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    deleteUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description User deleted */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example User deleted */
                        message: string;
                        data: null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    restoreUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description User restored */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example User restored */
                        message: string;
                        data: components["schemas"]["User"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    issueSubscriberToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    ttl_seconds?: number;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: {
                            /** @description Send as `Authorization: Bearer <token>` from the browser */
                            token: string;
                            /** Format: date-time */
                            expires_at: string;
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    importUsers: {
        parameters: {
            query?: {
                /** @description true (the default): check and report, write nothing */
                dry_run?: "0" | "1" | "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "text/csv": string;
                "application/json": {
                    /** @description The CSV text, header first */
                    csv: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: components["schemas"]["UserImportResult"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    getPreferences: {
        parameters: {
            query?: never;
            header?: {
                /** @description With an API key holding `users:impersonate`: the `user_id` of the end user to act as */
                "X-User-Id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: components["schemas"]["Preferences"];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    savePreferences: {
        parameters: {
            query?: never;
            header?: {
                /** @description With an API key holding `users:impersonate`: the `user_id` of the end user to act as */
                "X-User-Id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Per notification type, the channels to use, e.g. {"info": ["app"], "system": ["app", "email"]}; a type left out uses every channel a notification asks for. In-app is always stored. */
                    channels?: {
                        [key: string]: ("app" | "email" | "sms" | "push" | "wechat")[];
                    };
                    /** @description Channels turned off for every notification type */
                    disabled_channels?: ("email" | "sms" | "push" | "wechat")[];
                    /** @description Quiet hours in the user's time zone, e.g. {"start": "22:00", "end": "07:30"} (may cross midnight); null turns them off */
                    do_not_disturb?: {
                        start: string;
                        end: string;
                    } | null;
                    /** @description For the quiet hours; null falls back to the user's profile time zone, then UTC */
                    timezone?: string | null;
                    /** @description Until then: no external channels and no live alerts (in-app rows are still stored) */
                    mute_until?: string | null;
                    /** @description Per workflow key, e.g. {"comment.created": {"enabled": true, "channels": ["app"]}}; replaces the saved map. A workflow's entry wins over its category's; critical workflows ignore both */
                    workflows?: {
                        [key: string]: {
                            /** @description False: nothing from it, in-app included (critical workflows still reach the user) */
                            enabled: boolean;
                            /** @description The channels it may use (`app` is in-app); left out: every channel */
                            channels?: ("app" | "email" | "sms" | "push" | "wechat")[];
                            /** @description Your own digest cadence, e.g. {"schedule": "daily", "at": "18:00"} or {"amount": 1, "unit": "hours"}: used by its digest steps that allow it */
                            digest?: components["schemas"]["WorkflowDuration"] | ({
                                /** @constant */
                                schedule: "daily";
                                at: string;
                            } | {
                                /** @constant */
                                schedule: "weekly";
                                at: string;
                                /** @enum {string} */
                                weekday: "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday";
                            });
                        };
                    };
                    /** @description Per workflow category, e.g. {"marketing": {"enabled": false}}; replaces the saved map */
                    categories?: {
                        [key: string]: {
                            /** @description False: nothing from it, in-app included (critical workflows still reach the user) */
                            enabled: boolean;
                            /** @description The channels it may use (`app` is in-app); left out: every channel */
                            channels?: ("app" | "email" | "sms" | "push" | "wechat")[];
                            /** @description Your own digest cadence, e.g. {"schedule": "daily", "at": "18:00"} or {"amount": 1, "unit": "hours"}: used by its digest steps that allow it */
                            digest?: components["schemas"]["WorkflowDuration"] | ({
                                /** @constant */
                                schedule: "daily";
                                at: string;
                            } | {
                                /** @constant */
                                schedule: "weekly";
                                at: string;
                                /** @enum {string} */
                                weekday: "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday";
                            });
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Preferences saved */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Preferences saved */
                        message: string;
                        data: components["schemas"]["Preferences"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    getUserPreferences: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: components["schemas"]["Preferences"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    saveUserPreferences: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Per notification type, the channels to use, e.g. {"info": ["app"], "system": ["app", "email"]}; a type left out uses every channel a notification asks for. In-app is always stored. */
                    channels?: {
                        [key: string]: ("app" | "email" | "sms" | "push" | "wechat")[];
                    };
                    /** @description Channels turned off for every notification type */
                    disabled_channels?: ("email" | "sms" | "push" | "wechat")[];
                    /** @description Quiet hours in the user's time zone, e.g. {"start": "22:00", "end": "07:30"} (may cross midnight); null turns them off */
                    do_not_disturb?: {
                        start: string;
                        end: string;
                    } | null;
                    /** @description For the quiet hours; null falls back to the user's profile time zone, then UTC */
                    timezone?: string | null;
                    /** @description Until then: no external channels and no live alerts (in-app rows are still stored) */
                    mute_until?: string | null;
                    /** @description Per workflow key, e.g. {"comment.created": {"enabled": true, "channels": ["app"]}}; replaces the saved map. A workflow's entry wins over its category's; critical workflows ignore both */
                    workflows?: {
                        [key: string]: {
                            /** @description False: nothing from it, in-app included (critical workflows still reach the user) */
                            enabled: boolean;
                            /** @description The channels it may use (`app` is in-app); left out: every channel */
                            channels?: ("app" | "email" | "sms" | "push" | "wechat")[];
                            /** @description Your own digest cadence, e.g. {"schedule": "daily", "at": "18:00"} or {"amount": 1, "unit": "hours"}: used by its digest steps that allow it */
                            digest?: components["schemas"]["WorkflowDuration"] | ({
                                /** @constant */
                                schedule: "daily";
                                at: string;
                            } | {
                                /** @constant */
                                schedule: "weekly";
                                at: string;
                                /** @enum {string} */
                                weekday: "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday";
                            });
                        };
                    };
                    /** @description Per workflow category, e.g. {"marketing": {"enabled": false}}; replaces the saved map */
                    categories?: {
                        [key: string]: {
                            /** @description False: nothing from it, in-app included (critical workflows still reach the user) */
                            enabled: boolean;
                            /** @description The channels it may use (`app` is in-app); left out: every channel */
                            channels?: ("app" | "email" | "sms" | "push" | "wechat")[];
                            /** @description Your own digest cadence, e.g. {"schedule": "daily", "at": "18:00"} or {"amount": 1, "unit": "hours"}: used by its digest steps that allow it */
                            digest?: components["schemas"]["WorkflowDuration"] | ({
                                /** @constant */
                                schedule: "daily";
                                at: string;
                            } | {
                                /** @constant */
                                schedule: "weekly";
                                at: string;
                                /** @enum {string} */
                                weekday: "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday";
                            });
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Preferences saved */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Preferences saved */
                        message: string;
                        data: components["schemas"]["Preferences"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    listPreferenceWorkflows: {
        parameters: {
            query?: never;
            header?: {
                /** @description With an API key holding `users:impersonate`: the `user_id` of the end user to act as */
                "X-User-Id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: {
                            /** @description By category (those without one last), then name */
                            workflows: components["schemas"]["PreferenceWorkflow"][];
                        };
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    listUserPreferenceWorkflows: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: {
                            /** @description By category (those without one last), then name */
                            workflows: components["schemas"]["PreferenceWorkflow"][];
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    listAnnouncements: {
        parameters: {
            query?: {
                page?: number;
                page_size?: number;
                status?: "draft" | "scheduled" | "published" | "archived";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: {
                            announcements: components["schemas"]["Announcement"][];
                            total: number;
                            page: number;
                            page_size: number;
                            total_pages: number;
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    createAnnouncement: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    title: string;
                    /** @description Markdown; stored as written, rendered to sanitised HTML in `content_html` */
                    content: string;
                    /**
                     * @default notice
                     * @enum {string}
                     */
                    type?: "notice" | "announcement";
                    /**
                     * @default info
                     * @enum {string}
                     */
                    severity?: "info" | "warning" | "critical";
                    audience?: components["schemas"]["AnnouncementAudience"];
                    /** @description When publishing, a future time schedules it */
                    publish_at?: string | null;
                    /** @description It stops showing at this time */
                    expires_at?: string | null;
                    /** @default false */
                    pinned?: boolean;
                    /** @description Extra channels to also send it by to every user in the audience when it is published: email, sms, push, wechat. Each user's preferences apply (as for type `system`). Cannot change once published. */
                    channels?: ("email" | "sms" | "push" | "wechat")[];
                };
            };
        };
        responses: {
            /** @description Announcement created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Announcement created */
                        message: string;
                        data: components["schemas"]["Announcement"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    listActiveAnnouncements: {
        parameters: {
            query?: never;
            header?: {
                /** @description With an API key holding `users:impersonate`: the `user_id` of the end user to act as */
                "X-User-Id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: {
                            announcements: components["schemas"]["UserAnnouncement"][];
                            /** @description How many of them are unread */
                            unread: number;
                        };
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    getAnnouncement: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: components["schemas"]["Announcement"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    updateAnnouncement: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    title?: string;
                    /** @description Markdown; stored as written, rendered to sanitised HTML in `content_html` */
                    content?: string;
                    /** @enum {string} */
                    type?: "notice" | "announcement";
                    /** @enum {string} */
                    severity?: "info" | "warning" | "critical";
                    audience?: components["schemas"]["AnnouncementAudience"];
                    /** @description When publishing, a future time schedules it */
                    publish_at?: string | null;
                    /** @description It stops showing at this time */
                    expires_at?: string | null;
                    pinned?: boolean;
                    /** @description Extra channels to also send it by to every user in the audience when it is published: email, sms, push, wechat. Each user's preferences apply (as for type `system`). Cannot change once published. */
                    channels?: ("email" | "sms" | "push" | "wechat")[];
                };
            };
        };
        responses: {
            /** @description Announcement updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Announcement updated */
                        message: string;
                        data: components["schemas"]["Announcement"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    deleteAnnouncement: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Announcement deleted */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Announcement deleted */
                        message: string;
                        data: null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    publishAnnouncement: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Announcement published */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Announcement published */
                        message: string;
                        data: components["schemas"]["Announcement"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    archiveAnnouncement: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Announcement archived */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Announcement archived */
                        message: string;
                        data: components["schemas"]["Announcement"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    readAnnouncement: {
        parameters: {
            query?: never;
            header?: {
                /** @description With an API key holding `users:impersonate`: the `user_id` of the end user to act as */
                "X-User-Id"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Announcement marked read */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Announcement marked read */
                        message: string;
                        data: {
                            announcement: components["schemas"]["UserAnnouncement"];
                            /** @description The caller's unread count after the change */
                            unread_count: number;
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    dismissAnnouncement: {
        parameters: {
            query?: never;
            header?: {
                /** @description With an API key holding `users:impersonate`: the `user_id` of the end user to act as */
                "X-User-Id"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Announcement dismissed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Announcement dismissed */
                        message: string;
                        data: {
                            announcement: components["schemas"]["UserAnnouncement"];
                            /** @description The caller's unread count after the change */
                            unread_count: number;
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    getAnnouncementStats: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: components["schemas"]["AnnouncementStats"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    getVapidPublicKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: {
                            /** @description base64url, an uncompressed P-256 point */
                            public_key: string;
                        };
                    };
                };
            };
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    subscribePush: {
        parameters: {
            query?: never;
            header?: {
                /** @description With an API key holding `users:impersonate`: the `user_id` of the end user to act as */
                "X-User-Id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    endpoint: string;
                    expirationTime?: number | null;
                    keys: {
                        p256dh: string;
                        auth: string;
                    };
                };
            };
        };
        responses: {
            /** @description Push subscription updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Push subscription updated */
                        message: string;
                        data: components["schemas"]["PushSubscription"];
                    };
                };
            };
            /** @description Push subscription created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Push subscription created */
                        message: string;
                        data: components["schemas"]["PushSubscription"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    unsubscribePush: {
        parameters: {
            query?: never;
            header?: {
                /** @description With an API key holding `users:impersonate`: the `user_id` of the end user to act as */
                "X-User-Id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    endpoint: string;
                };
            };
        };
        responses: {
            /** @description Push subscription deleted */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Push subscription deleted */
                        message: string;
                        data: null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    resendWebhook: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id: a replay with the same id is applied once */
                "svix-id": string;
                /** @description Unix seconds; over 5 minutes off is refused */
                "svix-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of id.timestamp.body>` entries */
                "svix-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @example email.delivered */
                    type: string;
                    created_at?: string;
                    data: {
                        /** @description The id Resend answered the send with */
                        email_id?: string;
                        bounce?: {
                            message?: string;
                            type?: string;
                            subType?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    } & {
                        [key: string]: unknown;
                    };
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: {
                            /** @description Whether the event changed a delivery: false for a replay, an unknown message, a status already reached or passed, or an event that changes nothing */
                            applied: boolean;
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["InvalidSignature"];
            404: components["responses"]["WebhookOff"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    twilioWebhook: {
        parameters: {
            query?: never;
            header: {
                /** @description base64 HMAC-SHA1, keyed with the auth token, of the URL followed by each sorted field's name and value */
                "X-Twilio-Signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": {
                    /** @description The SID Twilio answered the send with */
                    MessageSid: string;
                    /** @example delivered */
                    MessageStatus: string;
                    /** @example 30003 */
                    ErrorCode?: string;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: {
                            /** @description Whether the event changed a delivery: false for a replay, an unknown message, a status already reached or passed, or an event that changes nothing */
                            applied: boolean;
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["InvalidSignature"];
            404: components["responses"]["WebhookOff"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    listWorkflows: {
        parameters: {
            query?: {
                page?: number;
                page_size?: number;
                /** @description Matches the key, name and description */
                q?: string;
                is_active?: "0" | "1" | "true" | "false";
                category?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: {
                            workflows: components["schemas"]["WorkflowListItem"][];
                            total: number;
                            page: number;
                            page_size: number;
                            total_pages: number;
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    createWorkflow: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WorkflowCreate"];
            };
        };
        responses: {
            /** @description Workflow created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Workflow created */
                        message: string;
                        data: components["schemas"]["Workflow"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    getWorkflow: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The workflow's key */
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: components["schemas"]["Workflow"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    updateWorkflow: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The workflow's key */
                key: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WorkflowUpdate"];
            };
        };
        responses: {
            /** @description Workflow saved */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Workflow saved */
                        message: string;
                        data: components["schemas"]["Workflow"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    deleteWorkflow: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The workflow's key */
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Workflow deleted */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Workflow deleted */
                        message: string;
                        data: null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    listWorkflowVersions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The workflow's key */
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: {
                            versions: components["schemas"]["WorkflowVersion"][];
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    restoreWorkflowVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The workflow's key */
                key: string;
                version: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Workflow version restored */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Workflow version restored */
                        message: string;
                        data: components["schemas"]["Workflow"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    triggerWorkflow: {
        parameters: {
            query?: never;
            header?: {
                /** @description Replays the first response when the same key and body come again within 24 h; a different body is 422, a request still running with it is 409 */
                "Idempotency-Key"?: string;
            };
            path: {
                /** @description The workflow's key */
                key: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WorkflowTrigger"];
            };
        };
        responses: {
            /** @description Accepted (202): a list's runs are written and their first steps queued; a topic's fan-out is queued */
            202: {
                headers: {
                    /** @description Present when this is the stored response of an earlier request */
                    "Idempotent-Replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Workflow triggered */
                        message: string;
                        data: components["schemas"]["WorkflowTriggerResult"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["IdempotencyMismatch"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    cancelWorkflowRuns: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The workflow's key */
                key: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WorkflowCancel"];
            };
        };
        responses: {
            /** @description Workflow runs cancelled */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Workflow runs cancelled */
                        message: string;
                        data: components["schemas"]["WorkflowCancelResult"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    listWorkflowRuns: {
        parameters: {
            query?: {
                /** @description A workflow's key */
                workflow?: string;
                user_id?: string;
                status?: "running" | "waiting" | "completed" | "cancelled" | "throttled" | "failed";
                /** @description Only the runs of this trigger (the trigger_id a trigger answered) */
                trigger_id?: string;
                /** @description next_cursor of the previous page */
                cursor?: string;
                page_size?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: {
                            runs: components["schemas"]["WorkflowRun"][];
                            page_size: number;
                            next_cursor: string | null;
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    getWorkflowRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: components["schemas"]["WorkflowRunDetail"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    getWorkflowTrigger: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: components["schemas"]["WorkflowTriggerDetail"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    listApiKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: {
                            api_keys: components["schemas"]["ApiKey"][];
                        };
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    createApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    scopes: ("notifications:send" | "notifications:read" | "announcements:read" | "templates:read" | "templates:write" | "users:read" | "users:write" | "users:impersonate" | "tokens:mint" | "preferences:write" | "workflows:read" | "workflows:write" | "workflows:trigger" | "topics:read" | "topics:write" | "admin")[];
                    /** Format: date-time */
                    expires_at?: string;
                };
            };
        };
        responses: {
            /** @description API key created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example API key created */
                        message: string;
                        data: components["schemas"]["NewApiKey"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    revokeApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description API key revoked */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example API key revoked */
                        message: string;
                        data: components["schemas"]["ApiKey"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    updateApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    scopes?: ("notifications:send" | "notifications:read" | "announcements:read" | "templates:read" | "templates:write" | "users:read" | "users:write" | "users:impersonate" | "tokens:mint" | "preferences:write" | "workflows:read" | "workflows:write" | "workflows:trigger" | "topics:read" | "topics:write" | "admin")[];
                };
            };
        };
        responses: {
            /** @description API key updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example API key updated */
                        message: string;
                        data: components["schemas"]["ApiKey"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    getTenantSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: components["schemas"]["TenantSettings"];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    updateTenantSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Origins (https://app.example.com) whose pages may frame /embed/* */
                    embed_origins?: string[];
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: components["schemas"]["TenantSettings"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    rotateTokenSecret: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Token secret rotated: every subscriber token issued before is now invalid */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Token secret rotated: every subscriber token issued before is now invalid */
                        message: string;
                        data: null;
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    createTenant: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    slug: string;
                    name: string;
                };
            };
        };
        responses: {
            /** @description Tenant created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Tenant created */
                        message: string;
                        data: {
                            tenant: components["schemas"]["Tenant"];
                            api_key: components["schemas"]["NewApiKey"];
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    listAuditLog: {
        parameters: {
            query?: {
                page_size?: number;
                cursor?: string;
                actor_type?: "user" | "api_key" | "system";
                /** @description A person's user_id or email, or an API key's id, prefix or name */
                actor?: string;
                /** @description Exact (`template.updated`), or every action of a kind with `*` (`template.*`) */
                action?: string;
                target_type?: string;
                target_id?: string;
                from?: string;
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: {
                            entries: components["schemas"]["AuditEntry"][];
                            /** @description Pass as `cursor` for the next page; null on the last page */
                            next_cursor: string | null;
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    getDashboard: {
        parameters: {
            query?: {
                /** @description The window of the series and the rates: 24 hourly or 14 daily buckets */
                range?: "24h" | "14d";
                /** @description The zone that 'today' and the bucket boundaries are read in */
                tz?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: components["schemas"]["Dashboard"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    listIntegrations: {
        parameters: {
            query?: {
                channel?: "email" | "sms" | "push" | "wechat";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: {
                            integrations: components["schemas"]["Integration"][];
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    createIntegration: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @constant */
                    provider: "resend";
                    /** @constant */
                    channel: "email";
                    name: string;
                    /** @default true */
                    is_active?: boolean;
                    /**
                     * @description The one integration the channel sends through; setting it clears the others
                     * @default false
                     */
                    is_default?: boolean;
                    config: {
                        from: string;
                        /** @description Another API host for this provider; only hosts on the operator's INTEGRATION_HOSTS_ALLOWED. Changing it requires entering the secrets again */
                        base_url?: string;
                    };
                    secrets: {
                        api_key: string;
                    };
                } | {
                    /** @constant */
                    provider: "smtp";
                    /** @constant */
                    channel: "email";
                    name: string;
                    /** @default true */
                    is_active?: boolean;
                    /**
                     * @description The one integration the channel sends through; setting it clears the others
                     * @default false
                     */
                    is_default?: boolean;
                    config: {
                        from: string;
                    };
                    secrets: {
                        url: string;
                    };
                } | {
                    /** @constant */
                    provider: "twilio";
                    /** @constant */
                    channel: "sms";
                    name: string;
                    /** @default true */
                    is_active?: boolean;
                    /**
                     * @description The one integration the channel sends through; setting it clears the others
                     * @default false
                     */
                    is_default?: boolean;
                    config: {
                        from: string;
                        /** @description Another API host for this provider; only hosts on the operator's INTEGRATION_HOSTS_ALLOWED. Changing it requires entering the secrets again */
                        base_url?: string;
                    };
                    secrets: {
                        account_sid: string;
                        auth_token: string;
                    };
                } | {
                    /** @constant */
                    provider: "webpush";
                    /** @constant */
                    channel: "push";
                    name: string;
                    /** @default true */
                    is_active?: boolean;
                    /**
                     * @description The one integration the channel sends through; setting it clears the others
                     * @default false
                     */
                    is_default?: boolean;
                    config: {
                        public_key: string;
                        subject: string;
                    };
                    secrets: {
                        private_key: string;
                    };
                } | {
                    /** @constant */
                    provider: "wechat";
                    /** @constant */
                    channel: "wechat";
                    name: string;
                    /** @default true */
                    is_active?: boolean;
                    /**
                     * @description The one integration the channel sends through; setting it clears the others
                     * @default false
                     */
                    is_default?: boolean;
                    config: {
                        app_id: string;
                        /** @description Another API host for this provider; only hosts on the operator's INTEGRATION_HOSTS_ALLOWED. Changing it requires entering the secrets again */
                        base_url?: string;
                    };
                    secrets: {
                        app_secret: string;
                    };
                } | {
                    /** @constant */
                    provider: "outbox";
                    /** @enum {string} */
                    channel: "email" | "sms" | "push" | "wechat";
                    name: string;
                    /** @default true */
                    is_active?: boolean;
                    /**
                     * @description The one integration the channel sends through; setting it clears the others
                     * @default false
                     */
                    is_default?: boolean;
                    /** @default {} */
                    config?: Record<string, never>;
                    /** @default {} */
                    secrets?: Record<string, never>;
                };
            };
        };
        responses: {
            /** @description Integration created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Integration created */
                        message: string;
                        data: components["schemas"]["Integration"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    getIntegration: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: components["schemas"]["Integration"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    updateIntegration: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    is_active?: boolean;
                    is_default?: boolean;
                    /** @description Replaces the settings; checked against the integration's provider */
                    config?: {
                        [key: string]: unknown;
                    };
                    /** @description Merged into the stored secrets (omit to keep them all); checked against the integration's provider */
                    secrets?: {
                        [key: string]: unknown;
                    };
                };
            };
        };
        responses: {
            /** @description Integration saved */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Integration saved */
                        message: string;
                        data: components["schemas"]["Integration"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    deleteIntegration: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Integration deleted */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Integration deleted */
                        message: string;
                        data: null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    testIntegration: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Where to send: an email address, an E.164 number, a WeChat openid, or a push subscription as JSON */
                    to: string;
                    title?: string;
                    text?: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: components["schemas"]["IntegrationTestResult"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    listOutbox: {
        parameters: {
            query?: {
                page_size?: number;
                cursor?: string;
                channel?: "email" | "sms" | "push" | "wechat";
                /** @description Only messages to exactly this address */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: {
                            messages: components["schemas"]["OutboxMessage"][];
                            /** @description Pass as `cursor` for the next page; null on the last page */
                            next_cursor: string | null;
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    listTopics: {
        parameters: {
            query?: {
                page?: number;
                page_size?: number;
                /** @description Matches part of the key or the name, ignoring case */
                q?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: {
                            topics: components["schemas"]["Topic"][];
                            total: number;
                            page: number;
                            page_size: number;
                            total_pages: number;
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    getTopic: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Your own name for the topic, unique in the tenant */
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: components["schemas"]["Topic"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    saveTopic: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Your own name for the topic, unique in the tenant */
                key: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                };
            };
        };
        responses: {
            /** @description Topic saved */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Topic saved */
                        message: string;
                        data: components["schemas"]["Topic"];
                    };
                };
            };
            /** @description Topic created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Topic created */
                        message: string;
                        data: components["schemas"]["Topic"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    deleteTopic: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Your own name for the topic, unique in the tenant */
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Topic deleted */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Topic deleted */
                        message: string;
                        data: null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    listTopicSubscribers: {
        parameters: {
            query?: {
                page_size?: number;
                /** @description The `next_cursor` of the previous page */
                cursor?: string;
            };
            header?: never;
            path: {
                /** @description Your own name for the topic, unique in the tenant */
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: {
                            subscribers: components["schemas"]["User"][];
                            /** @description Pass as `cursor` for the next page; null on the last page */
                            next_cursor: string | null;
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    addTopicSubscribers: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Your own name for the topic, unique in the tenant */
                key: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    user_ids: string[];
                };
            };
        };
        responses: {
            /** @description Subscribers added */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Subscribers added */
                        message: string;
                        data: {
                            /** @description Users subscribed by this call */
                            added: number;
                            /** @description Users named that were subscribed already */
                            already: number;
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    removeTopicSubscribers: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Your own name for the topic, unique in the tenant */
                key: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    user_ids: string[];
                };
            };
        };
        responses: {
            /** @description Subscribers removed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Subscribers removed */
                        message: string;
                        data: {
                            /** @description Subscriptions removed (ids not subscribed count nothing) */
                            removed: number;
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    listUserTopics: {
        parameters: {
            query?: {
                page?: number;
                page_size?: number;
            };
            header?: never;
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: {
                            topics: components["schemas"]["Topic"][];
                            total: number;
                            page: number;
                            page_size: number;
                            total_pages: number;
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    listSchedules: {
        parameters: {
            query?: {
                page?: number;
                page_size?: number;
                status?: "active" | "paused";
                /** @description Only schedules of this workflow */
                workflow?: string;
                /** @description Show the next fire times in this zone (default UTC) */
                timezone?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: {
                            schedules: components["schemas"]["ScheduleSummary"][];
                            total: number;
                            page: number;
                            page_size: number;
                            total_pages: number;
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    createSchedule: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ScheduleCreate"];
            };
        };
        responses: {
            /** @description Schedule created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Schedule created */
                        message: string;
                        data: components["schemas"]["Schedule"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    getSchedule: {
        parameters: {
            query?: {
                /** @description Show the next fire times in this zone (default UTC) */
                timezone?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Success */
                        message: string;
                        data: components["schemas"]["Schedule"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    updateSchedule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ScheduleUpdate"];
            };
        };
        responses: {
            /** @description Schedule saved */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Schedule saved */
                        message: string;
                        data: components["schemas"]["Schedule"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    deleteSchedule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Schedule deleted */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Schedule deleted */
                        message: string;
                        data: null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    pauseSchedule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Schedule paused */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Schedule paused */
                        message: string;
                        data: components["schemas"]["Schedule"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    resumeSchedule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Schedule resumed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP status, repeated
                         * @example 200
                         */
                        code: number;
                        /** @example Schedule resumed */
                        message: string;
                        data: components["schemas"]["Schedule"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    getOpenApiDocument: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The OpenAPI 3.1 document (not wrapped in the envelope) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            429: components["responses"]["TooManyRequests"];
        };
    };
}
