using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Scari.Web.Features.Indicators;

/// <summary>
/// A published cut-off: an indicator's figures at a date, frozen with the completions and the people's attributes
/// behind them. Immutable: the app has no path that updates or deletes one (see <see cref="CutoffGuard"/>); a later
/// publication for the same indicator and date supersedes it and links to it, and both stay readable.
/// </summary>
public sealed class CutoffPublication
{
    public int Id { get; set; }
    public string IndicatorId { get; set; } = "";
    public DateOnly Cutoff { get; set; }
    public DateTime PublishedUtc { get; set; }
    public string? PublishedByUserId { get; set; }
    public string PublishedByName { get; set; } = "";
    public string RuleVersion { get; set; } = "";
    /// <summary>The publication for the same indicator and date that this one replaces.</summary>
    public int? SupersedesId { get; set; }
    public int People { get; set; }
    /// <summary>The canonical public file (docs/cortes.md), exactly as hashed.</summary>
    public string PublicFile { get; set; } = "";
    /// <summary>SHA-256 of <see cref="PublicFile"/> (UTF-8): the publication's hash.</summary>
    public string Sha256 { get; set; } = "";
    /// <summary>The canonical admin-only file, gzip-compressed: the completion and person ids and attributes behind every number.</summary>
    public byte[] PeopleFileGzip { get; set; } = [];
    /// <summary>SHA-256 of the uncompressed admin-only file; the public file carries it too.</summary>
    public string PeopleSha256 { get; set; } = "";
}

internal sealed class CutoffPublicationConfiguration : IEntityTypeConfiguration<CutoffPublication>
{
    public void Configure(EntityTypeBuilder<CutoffPublication> p)
    {
        p.ToTable("CutoffPublications");
        p.Property(x => x.IndicatorId).HasMaxLength(80);
        p.Property(x => x.PublishedByUserId).HasMaxLength(450);
        p.Property(x => x.PublishedByName).HasMaxLength(256);
        p.Property(x => x.RuleVersion).HasMaxLength(20);
        p.Property(x => x.Sha256).HasMaxLength(64);
        p.Property(x => x.PeopleSha256).HasMaxLength(64);
        p.HasIndex(x => x.Sha256).IsUnique();
        p.HasIndex(x => new { x.IndicatorId, x.Cutoff, x.PublishedUtc });
        // One successor per publication: two administrators publishing the same date at once cannot both supersede it.
        p.HasIndex(x => x.SupersedesId).IsUnique();
        p.HasOne<CutoffPublication>().WithMany().HasForeignKey(x => x.SupersedesId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>
/// Refuses any update or delete of a publication through the context, whatever code asks for it; the database
/// refuses them too (triggers created by the migration), so ExecuteUpdate, ExecuteDelete and raw SQL fail as well.
/// </summary>
public static class CutoffGuard
{
    public const string PostgresTriggers = """
        CREATE FUNCTION scari_cutoff_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'Un corte publicado no se puede modificar ni borrar'; END $$;
        CREATE TRIGGER cutoff_publications_immutable BEFORE UPDATE OR DELETE ON "CutoffPublications"
        FOR EACH ROW EXECUTE FUNCTION scari_cutoff_immutable();
        """;

    public const string SqliteTriggers = """
        CREATE TRIGGER cutoff_publications_no_update BEFORE UPDATE ON "CutoffPublications"
        BEGIN SELECT RAISE(ABORT, 'Un corte publicado no se puede modificar ni borrar'); END;
        CREATE TRIGGER cutoff_publications_no_delete BEFORE DELETE ON "CutoffPublications"
        BEGIN SELECT RAISE(ABORT, 'Un corte publicado no se puede modificar ni borrar'); END;
        """;

    public static void RefuseRewrites(Microsoft.EntityFrameworkCore.ChangeTracking.ChangeTracker tracker)
    {
        if (tracker.Entries<CutoffPublication>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
            throw new InvalidOperationException("Un corte publicado no se puede modificar ni borrar: publique uno nuevo que lo sustituya.");
    }
}
