import { useEffect, useRef, useState } from 'react';
import { App, Avatar, Button, Flex, Image, Modal, Space, Typography } from 'antd';
import { CameraOutlined, UploadOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../../app/api';
import { useApiError } from '../../../app/errors';
import { MEMBERS_KEY, type Member } from '../../../app/members';

const MAX_BYTES = 512 * 1024;
const MAX_SIDE = 1024;
const ACCEPTED = ['image/jpeg', 'image/png', 'image/webp'];

/** Bytes a base64 data URL decodes to. */
function dataUrlBytes(dataUrl: string): number {
  const b64 = dataUrl.slice(dataUrl.indexOf(',') + 1);
  const pad = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0;
  return Math.floor((b64.length * 3) / 4) - pad;
}

function readAsDataUrl(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result));
    r.onerror = () => reject(r.error ?? new Error('read failed'));
    r.readAsDataURL(file);
  });
}

function loadImage(src: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new window.Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('image'));
    img.src = src;
  });
}

/** Draw a source onto a canvas no larger than MAX_SIDE and encode JPEG small enough for the server. */
function toJpeg(source: CanvasImageSource, width: number, height: number): string | null {
  let scale = Math.min(1, MAX_SIDE / Math.max(width, height));
  for (let attempt = 0; attempt < 6; attempt++) {
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(width * scale));
    canvas.height = Math.max(1, Math.round(height * scale));
    const ctx = canvas.getContext('2d');
    if (!ctx) return null;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(source, 0, 0, canvas.width, canvas.height);
    for (const quality of [0.9, 0.8, 0.7, 0.6, 0.5]) {
      const url = canvas.toDataURL('image/jpeg', quality);
      if (dataUrlBytes(url) <= MAX_BYTES) return url;
    }
    scale *= 0.7;
  }
  return null;
}

/** A file as a data URL the server accepts: as is when small enough, otherwise re-encoded as JPEG. */
async function fileToPhoto(file: File): Promise<string | null> {
  const original = await readAsDataUrl(file);
  if (ACCEPTED.includes(file.type) && file.size <= MAX_BYTES) return original;
  const img = await loadImage(original);
  return toJpeg(img, img.naturalWidth, img.naturalHeight);
}

function CaptureModal({ open, onClose, onShot }: { open: boolean; onClose: () => void; onShot: (dataUrl: string) => Promise<void> }) {
  const { t } = useTranslation(['members.detail', 'common']);
  const videoRef = useRef<HTMLVideoElement>(null);
  const streamRef = useRef<MediaStream | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [ready, setReady] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!open) return;
    let cancelled = false;
    setError(null);
    setReady(false);
    if (!navigator.mediaDevices?.getUserMedia) {
      setError(t('photo.noCamera'));
      return;
    }
    navigator.mediaDevices
      .getUserMedia({ video: { width: { ideal: 640 }, height: { ideal: 480 } }, audio: false })
      .then(async (stream) => {
        if (cancelled) {
          stream.getTracks().forEach((tr) => tr.stop());
          return;
        }
        streamRef.current = stream;
        const v = videoRef.current;
        if (v) {
          v.srcObject = stream;
          await v.play().catch(() => undefined);
          setReady(true);
        }
      })
      .catch(() => setError(t('photo.cameraDenied')));
    return () => {
      cancelled = true;
      streamRef.current?.getTracks().forEach((tr) => tr.stop());
      streamRef.current = null;
    };
  }, [open, t]);

  const shoot = async () => {
    const v = videoRef.current;
    if (!v || !v.videoWidth) return;
    const url = toJpeg(v, v.videoWidth, v.videoHeight);
    if (!url) return;
    setBusy(true);
    try {
      await onShot(url);
      onClose();
    } catch {
      /* error already shown */
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('photo.captureTitle')}
      onCancel={onClose}
      onOk={() => void shoot()}
      okText={t('photo.shoot')}
      okButtonProps={{ disabled: !ready, loading: busy, 'data-testid': 'member-photo-shoot' }}
      cancelText={t('common:actions.cancel')}
      destroyOnHidden
    >
      {error ? (
        <Typography.Text type="danger">{error}</Typography.Text>
      ) : (
        <video ref={videoRef} playsInline muted style={{ width: '100%', background: '#000', borderRadius: 6 }} />
      )}
    </Modal>
  );
}

/** Member photo: shown from the server, uploaded from a file or captured from the webcam. */
export function PhotoBox({ member, canEdit }: { member: Member; canEdit: boolean }) {
  const { t } = useTranslation(['members.detail', 'common']);
  const { message } = App.useApp();
  const showError = useApiError();
  const qc = useQueryClient();
  const fileRef = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [capturing, setCapturing] = useState(false);

  const upload = async (dataUrl: string) => {
    setBusy(true);
    try {
      await api.put(`/members/${member.id}/photo`, { dataUrl });
      void message.success(t('photo.saved'));
      await qc.invalidateQueries({ queryKey: [MEMBERS_KEY] });
    } catch (e) {
      showError(e);
      throw e;
    } finally {
      setBusy(false);
    }
  };

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    if (!file.type.startsWith('image/')) {
      void message.error(t('photo.notImage'));
      return;
    }
    let url: string | null;
    try {
      url = await fileToPhoto(file);
    } catch {
      url = null;
    }
    if (!url) {
      void message.error(t('photo.tooLarge'));
      return;
    }
    await upload(url).catch(() => undefined);
  };

  return (
    <Flex vertical align="center" gap={8}>
      {member.hasPhoto ? (
        <Image
          width={120}
          height={150}
          style={{ objectFit: 'cover', borderRadius: 6 }}
          src={`/api/members/${member.id}/photo?v=${encodeURIComponent(member.updatedAt)}`}
          alt={t('photo.alt', { name: member.name })}
          data-testid="member-photo"
        />
      ) : (
        <Avatar shape="square" size={120} icon={<UserOutlined />} />
      )}
      {canEdit ? (
        <Space size={4}>
          <input
            ref={fileRef}
            type="file"
            accept="image/*"
            hidden
            data-testid="member-photo-file"
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              void onFile(f);
            }}
          />
          <Button size="small" icon={<UploadOutlined />} loading={busy} onClick={() => fileRef.current?.click()} data-testid="member-photo-upload">
            {t('photo.upload')}
          </Button>
          <Button size="small" icon={<CameraOutlined />} onClick={() => setCapturing(true)} data-testid="member-photo-capture">
            {t('photo.capture')}
          </Button>
        </Space>
      ) : null}
      <CaptureModal open={capturing} onClose={() => setCapturing(false)} onShot={upload} />
    </Flex>
  );
}
