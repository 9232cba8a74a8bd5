using Scari.Web.Features.People.Import;

namespace Scari.Tests;

public sealed class UnitMatchTests
{
    private static readonly (int Id, string Code, string Name)[] Catalogue =
    [
        (1, "SHAC", "Secretaría de Hacienda Distrital"),
        (2, "SEDU", "Secretaría de Educación Distrital"),
        (3, "IE001", "Institución Educativa de Manga"),
        (4, "IE002", "Institución Educativa de Crespo"),
        (5, "SPLA", "Secretaría de Planeación Distrital"),
    ];

    [Theory]
    [InlineData("Hacienda", 1)]
    [InlineData("SECRETARIA DE HACIENDA", 1)]
    [InlineData("Secretaria  de   Hacienda distrital.", 1)]
    [InlineData("shac", 1)]
    [InlineData("I.E. de Manga", 3)]
    [InlineData("IE Manga", 3)]
    [InlineData("Colegio Institución Educativa Manga", 3)]
    [InlineData("Planeacion", 5)]
    [InlineData("Secretaría de Planeacón", 5)] // one letter missing
    public void A_name_that_folds_to_the_same_words_is_the_one_likely_entry(string text, int expected)
    {
        var candidates = UnitMatch.Candidates(text, Catalogue);
        var missing = new MissingUnit(CatalogueKindOf(expected), text, [2], candidates);
        Assert.Equal(expected, missing.Likely?.Id);
    }

    [Fact]
    public void A_name_with_nothing_in_common_proposes_nothing()
    {
        Assert.Empty(UnitMatch.Candidates("Secretaría de la Luna", Catalogue));
        Assert.Null(new MissingUnit(Scari.Web.Features.People.CatalogueKind.Dependencia, "Tránsito", [2], UnitMatch.Candidates("Tránsito", Catalogue)).Likely);
    }

    [Fact]
    public void A_partial_name_is_proposed_but_not_preselected()
    {
        var candidates = UnitMatch.Candidates("Hacienda y Crédito", Catalogue);
        Assert.Equal(1, candidates[0].Id);
        Assert.True(candidates[0].Score < 1);
    }

    [Fact]
    public void Rows_are_shown_as_ranges_and_proposed_codes_are_free()
    {
        Assert.Equal("2–4, 9, 11–12", UnitMatch.Ranges([2, 3, 4, 9, 11, 12]));
        Assert.Equal("MUJER", UnitMatch.ProposeCode("Secretaría de la Mujer", ["SHAC"]));
        Assert.Equal("MUJER2", UnitMatch.ProposeCode("Secretaría de la Mujer", ["mujer"]));
        Assert.Equal("DTT", UnitMatch.ProposeCode("Departamento de Tránsito y Transporte", []));
    }

    private static Scari.Web.Features.People.CatalogueKind CatalogueKindOf(int id) =>
        id is 3 or 4 ? Scari.Web.Features.People.CatalogueKind.Colegio : Scari.Web.Features.People.CatalogueKind.Dependencia;
}
