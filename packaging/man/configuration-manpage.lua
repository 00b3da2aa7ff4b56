-- Turns docs/configuration.md into vigil.toml(5). The page's own NAME comes first, so the
-- document's title goes; its ### sections become sections; and each table becomes tagged
-- paragraphs, because tbl(1) cannot wrap wide cells at a terminal's width.

function Header(header)
  if header.level == 1 then
    return {}
  end
  header.level = math.max(1, header.level - 2)
  return header
end

-- The inlines of a cell (its blocks are Plain or Para), without the blocks around them.
local function inlines(cell)
  local result = pandoc.List()
  for _, block in ipairs(cell.contents) do
    if block.content then
      result:extend(block.content)
    end
  end
  return result
end

function Table(table)
  local headers = {}
  for index, cell in ipairs(table.head.rows[1].cells) do
    headers[index] = pandoc.utils.stringify(cell.contents)
  end
  local items = pandoc.List()
  for _, body in ipairs(table.bodies) do
    for _, row in ipairs(body.body) do
      local definition = pandoc.List()
      for index = 2, #row.cells do
        local text = inlines(row.cells[index])
        if #text > 0 then
          local line = pandoc.List({ pandoc.Emph({ pandoc.Str(headers[index] .. ":") }), pandoc.Space() })
          line:extend(text)
          definition:insert(pandoc.Para(line))
        end
      end
      items:insert({ inlines(row.cells[1]), { definition } })
    end
  end
  return pandoc.DefinitionList(items)
end
