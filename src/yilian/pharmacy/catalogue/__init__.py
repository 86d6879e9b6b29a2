"""A dispensing organisation's drug catalogue (药品目录), its stock by batch, and the catalogue's
import from a spreadsheet."""
