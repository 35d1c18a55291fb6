// Builds the front end into static-build/ (never committed): the service's
// stylesheet compiled with GOV.UK Frontend, and GOV.UK Frontend's script.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as sass from 'sass'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const out = join(root, 'static-build', 'app')
const govuk = join(root, 'node_modules', 'govuk-frontend', 'dist', 'govuk')

mkdirSync(out, { recursive: true })
const css = sass.compile(join(root, 'frontend', 'scss', 'app.scss'), {
  loadPaths: [join(root, 'node_modules')],
  style: 'compressed',
  quietDeps: true,
  silenceDeprecations: ['import']
})
writeFileSync(join(out, 'app.css'), css.css)
cpSync(join(govuk, 'govuk-frontend.min.js'), join(out, 'govuk-frontend.min.js'))
cpSync(join(govuk, 'assets'), join(out, 'govuk', 'assets'), { recursive: true })
cpSync(join(root, 'frontend', 'js', 'app.mjs'), join(out, 'app.mjs'))
cpSync(join(root, 'frontend', 'static', 'app'), out, { recursive: true })
console.log('Front end built into static-build/app')
