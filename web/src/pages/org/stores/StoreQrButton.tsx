import { useEffect, useState } from 'react';
import { Button, Modal, Space, Typography } from 'antd';
import { QrcodeOutlined } from '@ant-design/icons';
import QRCode from 'qrcode';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../../app/auth';

/** The store's self-registration QR code: customers scan it to join as members of this store. */
export function StoreQrButton({ store }: { store: { id: string; code: string; name: string } }) {
  const { t } = useTranslation(['org.stores', 'common']);
  const me = useMe();
  const [open, setOpen] = useState(false);
  const [image, setImage] = useState<string | null>(null);
  const url = `${window.location.origin}/join/${encodeURIComponent(me.merchant.code)}/${store.id}`;

  useEffect(() => {
    if (!open) return;
    void QRCode.toDataURL(url, { width: 320, margin: 2, errorCorrectionLevel: 'M' }).then(setImage);
  }, [open, url]);

  return (
    <>
      <Button type="link" size="small" icon={<QrcodeOutlined />} onClick={() => setOpen(true)} data-testid={`store-qr-${store.code}`}>
        {t('joinQr')}
      </Button>
      <Modal open={open} onCancel={() => setOpen(false)} footer={null} title={t('joinQrTitle', { name: store.name })} destroyOnHidden>
        <Space direction="vertical" align="center" style={{ width: '100%' }}>
          {image ? <img src={image} alt={t('joinQr')} width={240} height={240} /> : null}
          <Typography.Text type="secondary">{t('joinQrHint')}</Typography.Text>
          <Typography.Link href={url} target="_blank" copyable={{ text: url }} data-testid="store-join-link">
            {url}
          </Typography.Link>
          {image ? (
            <Button href={image} download={`join-${store.code}.png`}>
              {t('joinQrDownload')}
            </Button>
          ) : null}
        </Space>
      </Modal>
    </>
  );
}
