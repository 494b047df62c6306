import type { ReactNode } from 'react';
import { Card, Flex, Typography } from 'antd';

/** Ant Design Pro-like page frame: title row with actions, then a card. */
export function PageContainer({
  title,
  subTitle,
  extra,
  children,
  noCard,
}: {
  title: ReactNode;
  subTitle?: ReactNode;
  extra?: ReactNode;
  children: ReactNode;
  noCard?: boolean;
}) {
  return (
    <div className="page-container">
      <Flex justify="space-between" align="center" wrap gap={12} className="page-header">
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {title}
          </Typography.Title>
          {subTitle ? <Typography.Text type="secondary">{subTitle}</Typography.Text> : null}
        </div>
        {extra ? (
          <Flex gap={8} wrap>
            {extra}
          </Flex>
        ) : null}
      </Flex>
      {noCard ? children : <Card variant="borderless">{children}</Card>}
    </div>
  );
}
