namespace Scari.Web.Features.People;

/// <summary>
/// One attribute history out of two records' histories, so that every completion of either record keeps the audience,
/// dependencia, vínculo and colegio it had (a TI student's youth course stays a student's, the same person's later course
/// as a CC servant stays staff). Time is cut where the completions change from one record to the other: each stretch
/// takes the history of the record whose completion opens it, the first stretch that of the first completion, and the
/// time after the last completion the surviving record's (its current values).
/// </summary>
public static class MergeTimeline
{
    public sealed record Span(DateTime? From, DateTime? Until, Audience Audience, int? DependenciaId, Vinculo? Vinculo, int? ColegioId)
    {
        public bool SameValues(Span o) => Audience == o.Audience && DependenciaId == o.DependenciaId && Vinculo == o.Vinculo && ColegioId == o.ColegioId;
    }

    /// <param name="survivor">The surviving record's spans (non-empty).</param>
    /// <param name="merged">The merged record's spans (non-empty).</param>
    /// <param name="completions">Every completion of both records: when, and whether it was the survivor's.</param>
    public static IReadOnlyList<Span> Merge(IReadOnlyList<Span> survivor, IReadOnlyList<Span> merged, IEnumerable<(DateTime At, bool Survivor)> completions)
    {
        var events = completions.OrderBy(c => c.At).ThenBy(c => c.Survivor ? 0 : 1).ToList();
        if (events.Count == 0) return survivor.OrderBy(s => s.From ?? DateTime.MinValue).ToList();

        // Stretches of time and whose history each takes.
        var stretches = new List<(DateTime From, bool Survivor)> { (DateTime.MinValue, events[0].Survivor) };
        for (var i = 1; i < events.Count; i++)
            if (events[i].Survivor != events[i - 1].Survivor) stretches.Add((events[i].At, events[i].Survivor));
        if (!events[^1].Survivor) stretches.Add((events[^1].At.AddTicks(10), true)); // one microsecond, the finest both databases keep

        var pieces = new List<Span>();
        for (var i = 0; i < stretches.Count; i++)
        {
            var (from, own) = stretches[i];
            var until = i + 1 < stretches.Count ? stretches[i + 1].From : DateTime.MaxValue;
            var spans = (own ? survivor : merged).OrderBy(s => s.From ?? DateTime.MinValue).ToList();
            for (var k = 0; k < spans.Count; k++)
            {
                var s = spans[k];
                // Outside the first stretch a record's earliest values also stand for the time before it was recorded.
                var sFrom = k == 0 && i > 0 ? DateTime.MinValue : s.From ?? DateTime.MinValue;
                var sUntil = s.Until ?? DateTime.MaxValue;
                var a = from > sFrom ? from : sFrom;
                var b = until < sUntil ? until : sUntil;
                if (a >= b) continue;
                var piece = s with { From = a == DateTime.MinValue ? null : a, Until = b == DateTime.MaxValue ? null : b };
                if (pieces.Count > 0 && pieces[^1].SameValues(piece) && pieces[^1].Until == piece.From)
                    pieces[^1] = pieces[^1] with { Until = piece.Until };
                else
                    pieces.Add(piece);
            }
        }
        return pieces;
    }
}
