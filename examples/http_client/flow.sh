#!/usr/bin/env bash
# The gov-disclosure HTTP API with nothing but curl (and jq to read the answers):
# a draft with an attachment → review → published → delivered; an application → its reply
# letter (.docx). Each person uses their own token; the token's actor is the person acting.
#
#   GD_URL          the service (default http://127.0.0.1:8080)
#   CLERK_TOKEN     a 经办人's token        (drafts, submits, registers applications)
#   REVIEWER_TOKEN  a 科室审核's token       (first approval stage; signs the reply)
#   LEADER_TOKEN    a 分管领导把关's token   (last approval stage: publishes)
#   RECEIVED_ON     the day the application was handed in (default: today, China time)
#   OUT             where the reply letter is saved (default: the current folder)
set -euo pipefail

GD_URL=${GD_URL:-http://127.0.0.1:8080}
RECEIVED_ON=${RECEIVED_ON:-$(TZ=Asia/Shanghai date +%F)}
OUT=${OUT:-.}
RUN_ID=$(date +%s%N)  # makes the Idempotency-Keys of this run unique

call() {  # call TOKEN METHOD PATH [JSON] [extra curl args…]: the answer on stdout
  local token=$1 method=$2 path=$3 body=${4:-} answer
  shift 4 || shift $#
  if ! answer=$(curl --silent --show-error --fail-with-body -X "$method" "$GD_URL$path" \
    -H "Authorization: Bearer $token" -H "Content-Type: application/json" \
    ${body:+--data "$body"} "$@"); then
    echo "$method $path refused: $answer" >&2  # application/problem+json, in Chinese
    return 1
  fi
  printf '%s\n' "$answer"
}

# 1. A 经办人 drafts an item with an attachment (sent inline, base64)
attachment=$(printf '项目,金额\n办公经费,12000\n' | base64 | tr -d '\n')
draft=$(jq -n --arg file "$attachment" '{
  draft: {title: "示例镇2026年部门预算（接口示例）", publisher: "示例镇人民政府",
          written_on: "2026-03-02", topic: "财政、金融、审计", column: "财政预决算",
          responsible_unit: "财政所", body: "一、部门基本情况"},
  files: [{name: "预算表.csv", content_base64: $file}]}')
item=$(call "$CLERK_TOKEN" POST /items "$draft" -H "Idempotency-Key: item-$RUN_ID")
id=$(jq -r .item.id <<<"$item")
echo "drafted  $(jq -r .item.index_no <<<"$item")  (id $id)"

# 2. 保密审查 and the approval stages; the last approval publishes
call "$CLERK_TOKEN" POST "/items/$id/submit" | jq -r '"submitted, next stage: \(.next_stage)"'
call "$REVIEWER_TOKEN" POST "/items/$id/approve" | jq -r '"approved, state: \(.state_label)"'
call "$LEADER_TOKEN" POST "/items/$id/approve" | jq -r '"approved, state: \(.state_label)"'

# 3. Deliver to every channel, then read the receipts
call "$CLERK_TOKEN" POST /run | jq -r '"delivered \(.delivered), failed \(.failed)"'
call "$CLERK_TOKEN" GET "/deliveries?item_id=$id" |
  jq -r '.[] | "  \(.channel): \(.state) \(.receipt.location // "")"'

# 4. The catalogue (公开目录), one page at a time
call "$CLERK_TOKEN" GET "/items?state=published&limit=3" |
  jq -r '"catalogue: \(.items | length) on this page, next cursor: \(.next_cursor)"'

# 5. An application (依申请公开), registered once even if this request is retried
form=$(jq -n --arg on "$RECEIVED_ON" '{
  applicant: {kind: "自然人", name: "张三", id_number: "11010519491231002X"},
  contact: {phone: "13812345678"},
  request: {description: "本镇2025年农村危房改造补助名单"},
  arrival: {route: "当面", handed_in_on: $on}}')
application=$(call "$CLERK_TOKEN" POST /applications "$form" -H "Idempotency-Key: apply-$RUN_ID")
number=$(jq -r .number <<<"$application")
echo "application $number, reply due $(jq -r .due <<<"$application")"
call "$CLERK_TOKEN" GET "/applications/$number/deadline" | jq -r '.explanation[]'

# 6. The reply (予以公开) and its letter, downloaded as .docx
reply='{"type": "予以公开", "location": "示例镇人民政府门户网站“政府信息公开”专栏"}'
call "$REVIEWER_TOKEN" POST "/applications/$number/reply" "$reply" | jq -r '"reply: \(.state)"'
letter=$(call "$CLERK_TOKEN" GET "/applications/$number/letters" | jq -r '.[] | select(contains("告知书"))')
encoded=$(jq -rn --arg s "$letter" '$s | @uri')
call "$CLERK_TOKEN" GET "/applications/$number/letters/$encoded" "" --output "$OUT/$letter"
echo "letter   $OUT/$letter"
