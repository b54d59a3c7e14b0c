/**
 * An objective's provenance drawn as a graph: the objective, the contributions it builds on, and
 * for each contribution the ente that gave it, the tavolo and the session where it was given.
 * The same facts are in ProvenanceList, for readers who do not see the drawing.
 */
import { isFound, type Objective } from '../api/plan';

const ROW = 44;
const BOX_H = 34;
const COL = { objective: 10, contribution: 290, right: 660 };
const WIDTH = { objective: 250, contribution: 330, right: 290 };

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

interface Node {
  key: string;
  label: string;
  kind: 'ente' | 'tavolo' | 'seduta';
  y: number;
}

export function ProvenanceGraph({ objective }: { objective: Objective }) {
  const contributions = objective.provenance
    .filter(isFound)
    .map((p, i) => ({ p, y: 40 + i * ROW }));
  const right: Node[] = [];
  const at = new Map<string, Node>();
  const add = (key: string, label: string, kind: Node['kind']) => {
    if (!at.has(key)) {
      const node = { key, label, kind, y: 0 };
      at.set(key, node);
      right.push(node);
    }
    return at.get(key)!;
  };
  const edges: { from: number; to: Node }[] = [];
  for (const { p, y } of contributions) {
    if (p.ente)
      edges.push({
        from: y,
        to: add(`e:${p.ente.codiceFiscale}`, p.ente.name ?? p.ente.codiceFiscale, 'ente'),
      });
    if (p.tavolo)
      edges.push({ from: y, to: add(`t:${p.tavolo.id}`, p.tavolo.name ?? 'Tavolo', 'tavolo') });
    if (p.session)
      edges.push({ from: y, to: add(`s:${p.session.id}`, p.session.title ?? 'Seduta', 'seduta') });
  }
  const order = { tavolo: 0, seduta: 1, ente: 2 };
  right.sort((a, b) => order[a.kind] - order[b.kind]);
  right.forEach((n, i) => (n.y = 40 + i * ROW));
  const height = 40 + Math.max(contributions.length, right.length, 1) * ROW + 10;
  const objectiveY = 40 + ((Math.max(contributions.length, 1) - 1) * ROW) / 2;
  const fill = { ente: '#e6f0fa', tavolo: '#e3f4ec', seduta: '#fdf0e0' };
  return (
    <figure className="mb-4">
      <div className="border rounded overflow-auto">
        <svg
          viewBox={`0 0 960 ${height}`}
          width="100%"
          style={{ minWidth: 720 }}
          role="img"
          aria-labelledby={`graph-title-${objective.code}`}
        >
          <title id={`graph-title-${objective.code}`}>
            {`Grafo della provenienza dell'obiettivo ${objective.code}: ${objective.provenance.length} contributi e i loro enti, tavoli e sedute`}
          </title>
          <g fontSize="13" fontFamily="inherit">
            <text x={COL.objective} y={20} fontWeight="600" fill="#1a1a1a">
              Obiettivo
            </text>
            <text x={COL.contribution} y={20} fontWeight="600" fill="#1a1a1a">
              Contributi
            </text>
            <text x={COL.right} y={20} fontWeight="600" fill="#1a1a1a">
              Tavoli, sedute ed enti
            </text>
            {contributions.map(({ y }, i) => (
              <line
                key={`o${i}`}
                x1={COL.objective + WIDTH.objective}
                y1={objectiveY + BOX_H / 2}
                x2={COL.contribution}
                y2={y + BOX_H / 2}
                stroke="#5c6f82"
              />
            ))}
            {edges.map((e, i) => (
              <line
                key={`e${i}`}
                x1={COL.contribution + WIDTH.contribution}
                y1={e.from + BOX_H / 2}
                x2={COL.right}
                y2={e.to.y + BOX_H / 2}
                stroke="#5c6f82"
                strokeOpacity="0.6"
              />
            ))}
            <g>
              <rect
                x={COL.objective}
                y={objectiveY}
                width={WIDTH.objective}
                height={BOX_H}
                rx="4"
                fill="#0066cc"
              />
              <text x={COL.objective + 8} y={objectiveY + 22} fill="#ffffff" fontWeight="600">
                {clip(`${objective.code}: ${objective.title}`, 34)}
              </text>
            </g>
            {contributions.map(({ p, y }) => (
              <g key={p.contributionId}>
                <rect
                  x={COL.contribution}
                  y={y}
                  width={WIDTH.contribution}
                  height={BOX_H}
                  rx="4"
                  fill="#f2f2f2"
                  stroke="#5c6f82"
                />
                <text x={COL.contribution + 8} y={y + 22} fill="#1a1a1a">
                  {clip(p.title, 46)}
                </text>
              </g>
            ))}
            {right.map((n) => (
              <g key={n.key}>
                <rect
                  x={COL.right}
                  y={n.y}
                  width={WIDTH.right}
                  height={BOX_H}
                  rx="4"
                  fill={fill[n.kind]}
                  stroke="#5c6f82"
                />
                <text x={COL.right + 8} y={n.y + 22} fill="#1a1a1a">
                  {clip(`${n.kind}: ${n.label}`, 40)}
                </text>
              </g>
            ))}
          </g>
        </svg>
      </div>
      <figcaption className="small mt-1">
        Da sinistra a destra: l'obiettivo, i contributi su cui si fonda, e per ciascuno il tavolo,
        la seduta e l'ente da cui proviene. L'elenco qui sotto riporta gli stessi legami per esteso.
      </figcaption>
    </figure>
  );
}
