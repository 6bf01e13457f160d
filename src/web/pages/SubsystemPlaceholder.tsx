/**
 * The page of a subsystem whose functions are not built yet (P1, issue 2 §7): it says what the subsystem will contain
 * (SPEC S-…) and that it is under construction. It offers no control that would pretend to work.
 */
import type { ComponentType } from "react";
import { Card, Result, Tag, Typography } from "antd";
import { ToolOutlined } from "@ant-design/icons";
import { SUBSYSTEM_INFO } from "../subsystems.js";
import { areaFunctions } from "../../core/access/catalogue.js";
import type { BusinessSubsystem as Subsystem } from "../types.js";
import { useCurrentSession } from "../session.js";

function Placeholder({ code }: { code: Subsystem }) {
  const info = SUBSYSTEM_INFO[code];
  const s = useCurrentSession();
  const mine = areaFunctions(code).filter((f) => s.permissions.includes(f.code));
  return (
    <Card>
      <Result
        icon={<ToolOutlined style={{ color: "#faad14" }} />}
        title={`${info.name}（建设中）`}
        subTitle={`本子系统的业务功能正在开发，当前尚不能办理业务。${info.summary}`}
        extra={<Tag color="orange">功能建设中</Tag>}
      >
        <Typography.Title level={5} style={{ marginTop: 0 }}>建成后将包括：</Typography.Title>
        <ul style={{ margin: 0, paddingInlineStart: 20, lineHeight: 1.9 }}>
          {info.features.map((f) => (
            <li key={f}>{f}</li>
          ))}
        </ul>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 8 }}>
          您在本子系统已被授予以下业务功能权限，功能上线后即可按授权使用（需求编号 {info.spec}）：
        </Typography.Paragraph>
        <div>
          {mine.map((f) => (
            <Tag key={f.code} color={f.sensitive ? "volcano" : "blue"} style={{ marginBottom: 4 }}>{f.name}</Tag>
          ))}
        </div>
      </Result>
    </Card>
  );
}

const cache = new Map<Subsystem, ComponentType>();

/** The placeholder component of one subsystem, for the registry. */
export function subsystemPlaceholder(code: Subsystem): ComponentType {
  let c = cache.get(code);
  if (!c) {
    c = function SubsystemPlaceholderPage() {
      return <Placeholder code={code} />;
    };
    cache.set(code, c);
  }
  return c;
}
