import { useParams } from 'react-router';
import { LiveTimeline } from '@/features/timeline/components/live-timeline';
import { TrienniumPage } from './triennium-page';

export default function TimelinePage() {
  const { tid = '' } = useParams();
  return (
    <TrienniumPage tid={tid} section="Cronologia">
      <LiveTimeline tid={tid} />
    </TrienniumPage>
  );
}
