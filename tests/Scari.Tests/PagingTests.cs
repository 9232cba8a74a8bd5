using Scari.Web.Features.Shared;

namespace Scari.Tests;

public sealed class PagingTests
{
    [Theory]
    [InlineData(0, 50, 1)]
    [InlineData(1, 50, 1)]
    [InlineData(50, 50, 1)]
    [InlineData(51, 50, 2)]
    [InlineData(100, 50, 2)]
    [InlineData(101, 50, 3)]
    [InlineData(6, int.MaxValue, 1)] // an export asks for every row in one page
    [InlineData(int.MaxValue, 50, 42_949_673)]
    public void The_page_count_rounds_up_and_an_empty_list_still_has_one_page(int total, int pageSize, int pages) =>
        Assert.Equal(pages, Paging.PageCount(total, pageSize));

    [Fact]
    public void A_page_link_keeps_the_filters_that_have_a_value_escaped_and_replaces_the_page()
    {
        var url = Paging.WithParameter("/admin/certificados",
            [new("q", "Pérez Díaz"), new("curso", null), new("estado", "vigente"), new("pagina", "3")], "pagina", 4);

        Assert.Equal("/admin/certificados?q=P%C3%A9rez%20D%C3%ADaz&estado=vigente&pagina=4", url);
    }
}
