using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Scari.Web.Features.People;

public enum DocumentType { CC, TI, CE, PPT, PEP, PA, RC }

public enum Audience { Staff, Student }

public enum Vinculo { Planta, Contratista }

/// <summary>One human, unique by document type and number: the key for distinct counting and for imports.</summary>
public sealed class Person
{
    public int Id { get; set; }
    public DocumentType DocumentType { get; set; }
    public string DocumentNumber { get; set; } = "";
    public string GivenNames { get; set; } = "";
    public string FamilyNames { get; set; } = "";
    public string? Email { get; set; }
    public Audience Audience { get; set; }

    // Staff
    public int? DependenciaId { get; set; }
    public Dependencia? Dependencia { get; set; }
    public Vinculo? Vinculo { get; set; }
    public string? Cargo { get; set; }

    // Student
    public int? ColegioId { get; set; }
    public Colegio? Colegio { get; set; }
    public string? Grade { get; set; }
    public DateOnly? BirthDate { get; set; }

    public DateTime CreatedUtc { get; set; }
    /// <summary>Set when personal fields were erased; the row stays so indicator counts stay right.</summary>
    public DateTime? AnonymizedUtc { get; set; }
    /// <summary>Set when the person asked for no reminders (a link in a reminder, or /cuenta/correo); notices still go.</summary>
    public DateTime? RemindersOptOutUtc { get; set; }

    /// <summary>
    /// The full name reduced by <see cref="PersonNames.Key"/> (no accents, lower case, words sorted), kept on every save
    /// (<see cref="PersonKeys"/>): the duplicate scan blocks on it.
    /// </summary>
    public string NameKey { get; set; } = "";

    public string FullName => $"{GivenNames} {FamilyNames}".Trim();

    /// <summary>
    /// Not stored: when the audience, dependencia, vínculo or colegio set on this person took effect, for the
    /// history that the next save writes (<see cref="PersonHistory"/>). Unset: a new person's values are valid from
    /// the beginning of time, a changed person's from the moment of the save.
    /// </summary>
    public DateTime? AttributesChangedUtc { get; set; }
}

/// <summary>A unit of the administration (from content/catalogo/dependencias.csv, editable by administrators).</summary>
public sealed class Dependencia
{
    public int Id { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public bool Active { get; set; } = true;
}

/// <summary>A district school (from content/catalogo/colegios.csv, editable by administrators).</summary>
public sealed class Colegio
{
    public int Id { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string Localidad { get; set; } = "";
    public bool Active { get; set; } = true;
}

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> person)
    {
        person.Property(p => p.DocumentType).HasConversion<string>().HasMaxLength(4);
        person.Property(p => p.DocumentNumber).HasMaxLength(20);
        person.HasIndex(p => new { p.DocumentType, p.DocumentNumber }).IsUnique();
        person.Property(p => p.GivenNames).HasMaxLength(100);
        person.Property(p => p.FamilyNames).HasMaxLength(100);
        person.Property(p => p.Email).HasMaxLength(256);
        person.Property(p => p.NameKey).HasMaxLength(PersonNames.MaxKeyLength);
        // The duplicate scan's blocks: same number (any type), same name and birth date, same e-mail.
        person.HasIndex(p => p.DocumentNumber);
        person.HasIndex(p => new { p.NameKey, p.BirthDate });
        person.HasIndex(p => p.Email);
        person.Property(p => p.Audience).HasConversion<string>().HasMaxLength(8);
        person.Property(p => p.Vinculo).HasConversion<string>().HasMaxLength(12);
        person.Property(p => p.Cargo).HasMaxLength(150);
        person.Property(p => p.Grade).HasMaxLength(20);
        person.HasOne(p => p.Dependencia).WithMany().OnDelete(DeleteBehavior.Restrict);
        person.HasOne(p => p.Colegio).WithMany().OnDelete(DeleteBehavior.Restrict);
        person.Ignore(p => p.FullName);
        person.Ignore(p => p.AttributesChangedUtc);
    }
}

internal sealed class DependenciaConfiguration : IEntityTypeConfiguration<Dependencia>
{
    public void Configure(EntityTypeBuilder<Dependencia> d)
    {
        d.Property(x => x.Code).HasMaxLength(20);
        d.HasIndex(x => x.Code).IsUnique();
        d.Property(x => x.Name).HasMaxLength(200);
    }
}

internal sealed class ColegioConfiguration : IEntityTypeConfiguration<Colegio>
{
    public void Configure(EntityTypeBuilder<Colegio> c)
    {
        c.Property(x => x.Code).HasMaxLength(20);
        c.HasIndex(x => x.Code).IsUnique();
        c.Property(x => x.Name).HasMaxLength(200);
        c.Property(x => x.Localidad).HasMaxLength(100);
    }
}
