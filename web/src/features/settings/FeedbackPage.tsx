import { useQueryClient } from '@tanstack/react-query'
import { FeedbackForm } from './FeedbackForm.tsx'
import { MyFeedbackList } from './MyFeedbackList.tsx'
import { settingsKeys } from './queries.ts'

/** The contact form, and below it what the user sent before and its status. */
export function FeedbackPage() {
  const queryClient = useQueryClient()
  return (
    <>
      <section className="card settings-section">
        <FeedbackForm onSent={() => void queryClient.invalidateQueries({ queryKey: settingsKeys.myFeedback })} />
      </section>
      <section className="card settings-section">
        <MyFeedbackList />
      </section>
    </>
  )
}
