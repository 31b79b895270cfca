"""Stage 5, publish: executed notebooks to HTML pages and the PDF, the workbook, the checks every
output passes before it is published, the manifest and the regional comparison pages. Imports
document and the stages below."""
