// The dev seed's demo templates (an order status and a maintenance notice), in en and zh-CN.
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { appSettings } from "../db/schema";
import { templateCreateSchema, type TemplateCreateInput } from "./schema";
import { createTemplate, findTemplateByCode } from "./store";

const DEMO_TEMPLATES_FLAG = "demo_templates_seeded_at";

export const DEMO_TEMPLATES: TemplateCreateInput[] = [
  {
    code: "welcome",
    name: "Welcome",
    description: "Greets a new user by name.",
    type: "system",
    channels: ["app", "email"],
    blocks: {
      en: {
        app: {
          title: "Welcome to {{ product | default: 'Herald' }}, {{ user.name | default: 'there' }}!",
          content: "Your inbox is ready. Notifications appear here the moment they are sent.",
          action_url: "{{ start_url }}",
          action_text: "Get started",
        },
        email: {
          subject: "Welcome to {{ product | default: 'Herald' }}",
          html: "<h1>Welcome, {{ user.name | default: 'there' }}!</h1><p>Your account is ready.</p><p><a href=\"{{ start_url }}\">Get started</a></p>",
        },
      },
      "zh-CN": {
        app: {
          title: "欢迎使用 {{ product | default: 'Herald' }}，{{ user.name | default: '朋友' }}！",
          content: "您的收件箱已就绪，新通知会即时出现在这里。",
          action_url: "{{ start_url }}",
          action_text: "开始使用",
        },
        email: {
          subject: "欢迎使用 {{ product | default: 'Herald' }}",
          html: "<h1>{{ user.name | default: '朋友' }}，欢迎！</h1><p>您的账户已就绪。</p>",
        },
      },
    },
    variables: [
      { name: "product", required: false, example: "Herald" },
      { name: "start_url", required: false, default: "/inbox", example: "https://example.com/start" },
    ],
  },
  {
    code: "order_status",
    name: "Order status",
    description: "Order created, paid, shipped or completed.",
    type: "info",
    channels: ["app", "email"],
    blocks: {
      en: {
        app: {
          title:
            "Order {{ order_id }} {% case event %}{% when 'created' %}created{% when 'paid' %}paid{% when 'shipped' %}shipped{% when 'completed' %}completed{% else %}updated{% endcase %}",
          content:
            "{% case event %}{% when 'shipped' %}Your order is on its way{% if eta %} and should arrive {{ eta }}{% endif %}.{% when 'paid' %}We received your payment of {{ amount }}.{% else %}Your order {{ order_id }} has a new status.{% endcase %}",
          action_url: "/orders/{{ order_id }}",
          action_text: "View order",
        },
        email: {
          subject: "Order {{ order_id }}: {{ event }}",
          html: "<p>Hi {{ user.name | default: 'there' }},</p><p>Your order <b>{{ order_id }}</b> is now <b>{{ event }}</b>.</p>",
        },
        sms: { text: "Order {{ order_id }}: {{ event }}" },
      },
      "zh-CN": {
        app: {
          title:
            "订单 {{ order_id }} {% case event %}{% when 'created' %}创建成功{% when 'paid' %}支付成功{% when 'shipped' %}已发货{% when 'completed' %}已完成{% else %}状态变更{% endcase %}",
          content:
            "{% case event %}{% when 'shipped' %}您的订单已发货{% if eta %}，预计 {{ eta }} 送达{% endif %}。{% when 'paid' %}我们已收到您的付款 {{ amount }}。{% else %}您的订单 {{ order_id }} 状态已更新。{% endcase %}",
          action_url: "/orders/{{ order_id }}",
          action_text: "查看订单",
        },
        sms: { text: "您的订单 {{ order_id }} 状态：{{ event }}" },
      },
    },
    variables: [
      { name: "order_id", example: "1024" },
      { name: "event", example: "shipped" },
      { name: "eta", required: false, example: "Thursday" },
      { name: "amount", required: false, example: "¥99.00" },
    ],
  },
  {
    code: "maintenance",
    name: "Maintenance notice",
    description: "Scheduled maintenance window.",
    type: "system",
    channels: ["app", "email", "sms"],
    blocks: {
      en: {
        app: {
          title: "Scheduled maintenance",
          content:
            "The system will be under maintenance from {{ start }} to {{ end }}. Service may be briefly interrupted; please save your work in advance. We apologise for the inconvenience.",
        },
        sms: { text: "Maintenance {{ start }}–{{ end }}: service may be briefly interrupted." },
      },
      "zh-CN": {
        app: {
          title: "系统维护通知",
          content:
            "系统将于 {{ start }} 至 {{ end }} 进行维护升级，期间服务可能短暂中断，请提前保存工作内容。给您带来不便，敬请谅解。",
        },
        sms: { text: "系统将于 {{ start }}-{{ end }} 维护，期间服务可能短暂中断。" },
      },
    },
    variables: [
      { name: "start", example: "22:00" },
      { name: "end", example: "24:00" },
    ],
  },
].map((t) => templateCreateSchema.parse(t));

/** Creates the demo templates once per database; a template already using a code is left alone. */
export async function seedDemoTemplates(db: Db, tenantId: string): Promise<boolean> {
  const claimed = await db
    .insert(appSettings)
    .values({ key: DEMO_TEMPLATES_FLAG, value: new Date().toISOString() })
    .onConflictDoNothing()
    .returning();
  if (claimed.length === 0) return false;
  try {
    for (const t of DEMO_TEMPLATES) {
      if (await findTemplateByCode(db, tenantId, t.code)) continue;
      await createTemplate(db, tenantId, t, { type: "system", id: null });
    }
  } catch (err) {
    await db.delete(appSettings).where(eq(appSettings.key, DEMO_TEMPLATES_FLAG));
    throw err;
  }
  return true;
}
